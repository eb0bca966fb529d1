import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'superagent';
import { aMilestone, anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * What arrives before any route's own rules: bodies that are not JSON, too large, of the
 * wrong type or absurdly deep, text PostgreSQL cannot store as sent, unknown routes, and
 * caching. Every refusal is the one error shape and writes nothing.
 */
let t: TestApp;
let agreementId: string;

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
  const created = await t.http.post('/agreements').send(anAgreement());
  expect(created.status).toBe(201);
  agreementId = created.body.id;
});
afterAll(async () => {
  await t?.close();
});

/** The documented error shape, with the request id the X-Request-Id header carries. */
function expectErrorShape(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({
    statusCode: status,
    error: expect.any(String),
    message: expect.any(String),
    code,
    errors: expect.any(Array),
    requestId: res.headers['x-request-id'],
  });
  expect(typeof res.body.requestId).toBe('string');
}

/** Rows of every table a refused request could have written to. */
async function writes() {
  const [row] = await t.ownerQuery<Record<string, number>>(
    `SELECT (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM milestone)::int AS milestones,
            (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM audit_event)::int AS events,
            (SELECT coalesce(sum(version), 0) FROM agreement)::int AS versions`,
  );
  return row;
}

/** `{"a":{"a":…}}` nested `depth` levels under `field`. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describe('bodies refused before any route sees them', () => {
  it('answers malformed JSON with 400 in the error shape', async () => {
    const before = await writes();
    const res = await t.anonymous.post('/auth/login').set('content-type', 'application/json').send('{"email": ');
    expectErrorShape(res, 400, 'MALFORMED_JSON');
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/JSON/) }]);
    expect(await writes()).toEqual(before);
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 in the error shape', async () => {
    const before = await writes();
    const res = await t.http.post('/agreements').send(anAgreement({ summary: 'x'.repeat(2 * 1024 * 1024) }));
    expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/1048576 bytes/) }]);
    expect(await writes()).toEqual(before);
  });

  it('answers a content type other than JSON with 415 in the error shape', async () => {
    const before = await writes();
    for (const [type, body] of [
      ['text/xml', '<agreement/>'],
      ['text/plain', JSON.stringify(anAgreement())],
    ]) {
      const res = await t.http.post('/agreements').set('content-type', type).send(body);
      expectErrorShape(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.errors).toEqual([{ field: 'content-type', message: 'must be application/json' }]);
    }
    expect(await writes()).toEqual(before);
  });

  it('answers a body nested 10,000 levels deep with 400 naming the field, signed in or not', async () => {
    const before = await writes();
    for (const [agent, path] of [
      [t.anonymous, '/auth/login'],
      [t.http, '/agreements'],
    ] as const) {
      const body = `{"email":"a@b.org","password":"x","deep":${nested(10_000)}}`;
      const res = await agent.post(path).set('content-type', 'application/json').send(body);
      expectErrorShape(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: expect.stringMatching(/^deep(\.a)+$/), message: 'nests deeper than 32 levels' },
      ]);
    }
    const arrays = await t.http
      .post('/agreements')
      .set('content-type', 'application/json')
      .send(`{"tags":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expectErrorShape(arrays, 400, 'VALIDATION_FAILED');
    expect(arrays.body.errors[0].field).toMatch(/^tags(\.0)+$/);
    expect(await writes()).toEqual(before);
  });

  it('accepts the deepest body a route takes', async () => {
    const res = await t.http.post('/agreements').send(
      anAgreement({
        reminderPolicy: { expiry: [30], notice: [7] },
        contacts: ['somchai@mdes.go.th'],
      }),
    );
    expect(res.status).toBe(201);
  });
});

describe('text PostgreSQL cannot store as sent: a lone UTF-16 surrogate', () => {
  const lone = 'x\ud800y';
  const cases: Array<[string, string, () => Record<string, unknown>, string]> = [
    [
      'a party organisation',
      '/agreements',
      () =>
        anAgreement({
          parties: [
            { country: 'TH', organization: lone },
            { country: 'JP', organization: 'MIC' },
          ],
        }),
      'parties.0.organization',
    ],
    [
      'a signatory',
      '/agreements',
      () =>
        anAgreement({
          parties: [
            { country: 'TH', organization: 'MDES' },
            { country: 'JP', organization: 'MIC', signatory: lone },
          ],
        }),
      'parties.1.signatory',
    ],
    ['a title', '/agreements', () => anAgreement({ titleEn: lone }), 'titleEn'],
    ['a summary (low surrogate alone)', '/agreements', () => anAgreement({ summary: 'a\udc00' }), 'summary'],
    ['a contact', '/agreements', () => anAgreement({ contacts: ['a@b.org', `${lone}@b.org`] }), 'contacts.1'],
    ['a field name', '/agreements', () => ({ ...anAgreement(), [lone]: 1 }), 'x\ufffdy'],
    ['milestone notes', '/milestones', () => aMilestone({ description: `notes ${lone}` }), 'description'],
    [
      "a user's email",
      '/users',
      () => ({
        email: `x${lone}@x.org`,
        displayName: 'X',
        role: 'officer',
        agency: 'MDES',
        password: 'long enough pw 1',
      }),
      'email',
    ],
    ['a sign-in email', '/auth/login', () => ({ email: `x${lone}@x.org`, password: 'whatever it is' }), 'email'],
  ];

  it.each(cases)('refuses one in %s with 400 naming the field, writing nothing', async (_, path, body, field) => {
    const before = await writes();
    const url = path === '/milestones' ? `/agreements/${agreementId}/milestones` : path;
    const agent = path === '/users' ? t.as('admin') : path === '/auth/login' ? t.anonymous : t.http;
    const res = await agent.post(url).send(body());
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field, message: 'must be valid Unicode text (it holds a lone surrogate)' }]);
    expect(await writes()).toEqual(before);
  });

  it('refuses one in an edit too, and keeps paired surrogates (emoji) intact', async () => {
    const before = await writes();
    const res = await t.http.patch(`/agreements/${agreementId}`).send({ version: 1, summary: `a${'\ud83d'}` });
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(await writes()).toEqual(before);
    const emoji = await t.http.patch(`/agreements/${agreementId}`).send({ version: 1, summary: 'ok 🤝 ญี่ปุ่น' });
    expect(emoji.status).toBe(200);
    expect(emoji.body.summary).toBe('ok 🤝 ญี่ปุ่น');
  });
});

describe('unknown routes and caching', () => {
  it('answers an unknown route with 404 in the error shape, signed in or not', async () => {
    for (const res of [await t.anonymous.get('/no/such/route'), await t.http.post('/agreements/x/y').send({})]) {
      expectErrorShape(res, 404, 'NOT_FOUND');
      expect(res.body.errors).toEqual([]);
    }
    // The docs stay where they were.
    expect((await t.anonymous.get('/docs')).status).toBe(200);
    expect((await t.anonymous.get('/docs-json')).status).toBe(200);
  });

  it('marks every JSON answer no-store: signed-in reads and writes, errors and sign-in tokens', async () => {
    const answers = [
      await t.http.get('/agreements'),
      await t.http.get(`/agreements/${agreementId}`),
      await t.http.post('/agreements').send(anAgreement()),
      await t.http.post('/agreements').send({}),
      await t.as('auditor').get('/audit-events'),
      await t.anonymous.get('/agreements'),
      await t.anonymous.get('/nowhere'),
    ];
    for (const res of answers) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('blank text where a name is required', () => {
  it.each([
    ['titleEn', () => anAgreement({ titleEn: '   ' }), 'titleEn'],
    ['titleTh', () => anAgreement({ titleEn: undefined, titleTh: '\u3000\t' }), 'titleTh'],
    ['leadAgency', () => anAgreement({ leadAgency: ' \n ' }), 'leadAgency'],
    [
      'a party organisation',
      () =>
        anAgreement({
          parties: [
            { country: 'TH', organization: '  ' },
            { country: 'JP', organization: 'MIC' },
          ],
        }),
      'parties.0.organization',
    ],
  ])('refuses a whitespace-only %s on create and edit, writing nothing', async (_, body, field) => {
    const before = await writes();
    const created = await t.http.post('/agreements').send(body());
    expectErrorShape(created, 400, 'VALIDATION_FAILED');
    expect(created.body.errors).toContainEqual({ field, message: 'must not be blank' });
    const edited = await t.http.patch(`/agreements/${agreementId}`).send({ version: 1, ...pick(body(), field) });
    expectErrorShape(edited, 400, 'VALIDATION_FAILED');
    expect(await writes()).toEqual(before);
  });

  it.each([
    ['title', () => aMilestone({ title: '   ' })],
    ['ownerAgency', () => aMilestone({ ownerAgency: '\t' })],
  ])('refuses a whitespace-only milestone %s, writing nothing', async (field, body) => {
    const before = await writes();
    const res = await t.http.post(`/agreements/${agreementId}/milestones`).send(body());
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual({ field, message: 'must not be blank' });
    expect(await writes()).toEqual(before);
  });
});

function pick(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const top = field.split('.')[0];
  return { [top]: body[top] };
}
