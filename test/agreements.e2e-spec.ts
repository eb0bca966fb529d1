import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { anAgreement, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z'); // 09:00 on 26 Nov 2026 in Bangkok
});
afterAll(async () => {
  await t?.close();
});

async function create(body: Record<string, unknown>, as: 'officer' | 'manager' = 'officer') {
  const res = await t.as(as).post('/agreements').send(body);
  expect(res.status).toBe(201);
  return res.body;
}

describe('recording an agreement', () => {
  it('records the Thailand–Japan memorandum with derived dates and a generated reference', async () => {
    const created = await create(japanMemorandum());
    expect(created.reference).toBe('MOC-2017-0001');
    expect(created.status).toBe('approved');
    expect(created.areas).toHaveLength(6);
    expect(created.multilateral).toBe(false);
    expect(created.binding).toBe(false);
    expect(created.noticeDays).toBe(90);
    expect(created.expiresOn).toBeNull();
    expect(created.createdBy).toBe('officer@mdes.go.th');
    expect(created.version).toBe(1);

    const signed = await t.http
      .post(`/agreements/${created.id}/status`)
      .send({ to: 'signed', version: 1, signedOn: '2017-06-05', signedPlace: 'Bangkok' });
    expect(signed.status).toBe(200);
    const inForce = await t.http
      .post(`/agreements/${created.id}/status`)
      .send({ to: 'in-force', version: 2, effectiveOn: '2017-06-05' });
    expect(inForce.status).toBe(200);
    expect(inForce.body.expiresOn).toBe('2022-06-04');
    expect(inForce.body.noticeDeadline).toBe('2022-03-06');
    // Its last day passed in 2022, so it reads as expired without anyone touching it.
    expect(inForce.body.status).toBe('expired');

    const fetched = await t.http.get(`/agreements/${created.id}`);
    expect(fetched.body).toEqual(inForce.body);
  });

  it('applies the 29 February rule end to end', async () => {
    const created = await create(
      anAgreement({
        status: 'in-force',
        signedOn: '2016-02-29',
        effectiveOn: '2016-02-29',
        termMonths: 12,
        noticeDays: 30,
      }),
    );
    expect(created.expiresOn).toBe('2017-02-28');
    expect(created.noticeDeadline).toBe('2017-01-29');
  });

  it('numbers generated references per kind and year, skipping ones typed by hand', async () => {
    await create(
      anAgreement({ kind: 'protocol', reference: 'PRT-2020-0001', signedOn: '2020-01-10', status: 'signed' }),
    );
    const next = await create(anAgreement({ kind: 'protocol', signedOn: '2020-05-01', status: 'signed' }));
    expect(next.reference).toBe('PRT-2020-0002');
    const duplicate = await t.http.post('/agreements').send(anAgreement({ reference: 'PRT-2020-0002' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([{ field: 'reference', message: 'is already used by another agreement' }]);
  });

  it('marks an agreement with more than two parties multilateral', async () => {
    const created = await create(
      anAgreement({
        parties: [
          { country: 'TH', organization: 'MDES' },
          { country: 'ASEAN', organization: 'ASEAN Secretariat' },
          { country: 'VN', organization: 'Ministry of Information and Communications' },
        ],
      }),
    );
    expect(created.multilateral).toBe(true);
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a date that does not exist', anAgreement({ signedOn: '2017-02-30' }), 'signedOn'],
    ['a date in another format', anAgreement({ signedOn: '05/06/2017' }), 'signedOn'],
    [
      'entry into force before signature',
      anAgreement({ status: 'in-force', signedOn: '2017-06-05', effectiveOn: '2017-06-01' }),
      'effectiveOn',
    ],
    ['a stage without its dates', anAgreement({ status: 'signed' }), 'signedOn'],
    ['one party', anAgreement({ parties: [{ country: 'TH', organization: 'MDES' }] }), 'parties'],
    [
      'an unknown country',
      anAgreement({
        parties: [
          { country: 'XX', organization: 'A' },
          { country: 'TH', organization: 'B' },
        ],
      }),
      'parties.0.country',
    ],
    ['no title', anAgreement({ titleEn: undefined }), 'titleEn'],
    ['an unknown kind', anAgreement({ kind: 'treaty' }), 'kind'],
    ['an unknown area', anAgreement({ areas: ['space'] }), 'areas.0'],
    ['a bad contact', anAgreement({ contacts: ['not-an-email'] }), 'contacts'],
    ['an unknown field', anAgreement({ secret: true }), 'secret'],
    ['a zero term', anAgreement({ termMonths: 0 }), 'termMonths'],
    ['a status that is not one', anAgreement({ status: 'pending' }), 'status'],
    ['no kind', anAgreement({ kind: undefined }), 'kind'],
    ['no parties', anAgreement({ parties: undefined }), 'parties'],
    ['no lead agency', anAgreement({ leadAgency: undefined }), 'leadAgency'],
    ['a null lead agency', anAgreement({ leadAgency: null }), 'leadAgency'],
    ['a NUL character', anAgreement({ summary: 'a\u0000b' }), 'summary'],
  ];

  it.each(cases)('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
    const before = await t.http.get('/agreements?includeArchived=true');
    const res = await t.http.post('/agreements').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(typeof res.body.requestId).toBe('string');
    const after = await t.http.get('/agreements?includeArchived=true');
    expect(after.body.total).toBe(before.body.total);
  });

  it('answers malformed JSON, a bad uuid, an unknown id and an oversized body with 4xx', async () => {
    const malformed = await t.http.post('/agreements').set('content-type', 'application/json').send('{"kind": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);

    const badId = await t.http.get('/agreements/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ field: 'id', message: 'must be a uuid' }]);

    const missing = await t.http.get('/agreements/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);

    const huge = await t.http.post('/agreements').send(anAgreement({ summary: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });
});

describe('editing', () => {
  it('takes the version it read, and refuses a stale one with the current record', async () => {
    const created = await create(anAgreement());
    const first = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, summary: 'first' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.body.updatedBy).toBe('manager@mdes.go.th');

    const stale = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, summary: 'second' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.current.summary).toBe('first');
    expect(stale.body.current.version).toBe(2);
  });

  it('lets exactly one of many concurrent edits of one version win', async () => {
    const created = await create(anAgreement());
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http.patch(`/agreements/${created.id}`).send({ version: 1, summary: `edit ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const final = await t.http.get(`/agreements/${created.id}`);
    expect(final.body.version).toBe(2);
  });

  it('recomputes expiry when the term changes, and clears a field sent as null', async () => {
    const created = await create(
      anAgreement({ status: 'in-force', signedOn: '2025-01-10', effectiveOn: '2025-02-01', summary: 's' }),
    );
    expect(created.expiresOn).toBe('2030-01-31');
    const edited = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, termMonths: 36, summary: null });
    expect(edited.body.expiresOn).toBe('2028-01-31');
    expect(edited.body.summary).toBeNull();
  });

  it('refuses status in a PATCH, a null required field, and an edit that breaks date order', async () => {
    const created = await create(
      anAgreement({ status: 'in-force', signedOn: '2025-01-10', effectiveOn: '2025-02-01' }),
    );
    const status = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, status: 'draft' });
    expect(status.status).toBe(400);
    expect(status.body.errors[0].field).toBe('status');
    const nullKind = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, kind: null });
    expect(nullKind.status).toBe(400);
    const order = await t.http.patch(`/agreements/${created.id}`).send({ version: 1, signedOn: '2025-03-01' });
    expect(order.status).toBe(400);
    expect(order.body.errors[0].field).toBe('effectiveOn');
    const unchanged = await t.http.get(`/agreements/${created.id}`);
    expect(unchanged.body.version).toBe(1);
  });
});

describe('lifecycle', () => {
  it('refuses an illegal transition with 409 naming the allowed ones', async () => {
    const created = await create(anAgreement());
    const res = await t.http.post(`/agreements/${created.id}/status`).send({ to: 'in-force', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    expect(res.body.allowed).toEqual(['negotiating', 'terminated']);
  });

  it('walks draft to in-force, asking for each stage’s dates', async () => {
    const { id } = await create(anAgreement());
    const step = (version: number, body: Record<string, unknown>) =>
      t.http.post(`/agreements/${id}/status`).send({ version, ...body });
    expect((await step(1, { to: 'negotiating' })).status).toBe(200);
    expect((await step(2, { to: 'awaiting-approval' })).status).toBe(200);
    const noDate = await step(3, { to: 'approved' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors).toEqual([
      { field: 'cabinetApprovedOn', message: 'is required for an agreement that is approved' },
    ]);
    expect(
      (await step(3, { to: 'approved', cabinetApprovedOn: '2026-10-01', cabinetResolutionRef: 'CR 2026/77' })).status,
    ).toBe(200);
    expect((await step(4, { to: 'signed', signedOn: '2026-11-01' })).status).toBe(200);
    const early = await step(5, { to: 'in-force', effectiveOn: '2026-10-31' });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('effectiveOn');
    const live = await step(5, { to: 'in-force', effectiveOn: '2026-11-01' });
    expect(live.body).toMatchObject({
      status: 'in-force',
      expiresOn: '2031-10-31',
      cabinetResolutionRef: 'CR 2026/77',
      version: 6,
    });
    const terminated = await step(6, { to: 'terminated' });
    expect(terminated.body.status).toBe('terminated');
    const after = await step(7, { to: 'in-force' });
    expect(after.status).toBe(409);
    expect(after.body.allowed).toEqual([]);
  });
});

describe('archive', () => {
  it('hides an archived agreement from lists unless asked, keeps it readable, and restores it', async () => {
    const created = await create(anAgreement({ titleEn: 'Archive me please' }));
    const archived = await t.http.post(`/agreements/${created.id}/archive`).send({ version: 1 });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);

    const hidden = await t.http.get('/agreements').query({ q: 'archive me' });
    expect(hidden.body.total).toBe(0);
    const shown = await t.http.get('/agreements').query({ q: 'archive me', includeArchived: true });
    expect(shown.body.items.map((a: { id: string }) => a.id)).toEqual([created.id]);
    expect((await t.http.get(`/agreements/${created.id}`)).status).toBe(200);

    const edit = await t.http.patch(`/agreements/${created.id}`).send({ version: 2, summary: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ARCHIVED');

    const restored = await t.http.post(`/agreements/${created.id}/restore`).send({});
    expect(restored.body.archived).toBe(false);
    expect((await t.http.get('/agreements').query({ q: 'archive me' })).body.total).toBe(1);
  });
  it('cancels its pending reminders when archived, and plans them again when restored', async () => {
    const created = await create(
      anAgreement({ status: 'in-force', signedOn: '2026-06-01', effectiveOn: '2026-06-01', termMonths: 24 }),
    );
    const pending = async () =>
      (
        await t.dataSource.query(
          `SELECT kind || ':' || offset_days || ':' || target_on AS slot FROM reminder
            WHERE agreement_id = $1 AND state = 'pending' ORDER BY 1`,
          [created.id],
        )
      ).map((r: { slot: string }) => r.slot);
    const planned = await pending();
    expect(planned.length).toBeGreaterThan(0);

    await t.http.post(`/agreements/${created.id}/archive`).send({ version: 1 }).expect(200);
    expect(await pending()).toEqual([]);

    await t.http.post(`/agreements/${created.id}/restore`).send({ version: 2 }).expect(200);
    expect(await pending()).toEqual(planned);
  });

  it('is never deleted, not even by the schema owner, so its reminders always have it', async () => {
    const created = await create(
      anAgreement({ status: 'in-force', signedOn: '2026-01-01', effectiveOn: '2026-01-01', termMonths: 24 }),
    );
    const [{ reminders }] = await t.dataSource.query(
      'SELECT count(*)::int AS reminders FROM reminder WHERE agreement_id = $1',
      [created.id],
    );
    expect(reminders).toBeGreaterThan(0);
    for (const table of ['agreement', 'milestone']) {
      for (const sql of [`DELETE FROM ${table} WHERE agreement_id = $1`, `TRUNCATE ${table} CASCADE`]) {
        const statement = table === 'agreement' ? sql.replace('agreement_id', 'id') : sql;
        await expect(t.ownerQuery(statement, statement.includes('$1') ? [created.id] : [])).rejects.toMatchObject({
          code: '23001',
          message: `${table} rows are archived, never deleted`,
        });
      }
    }
    expect((await t.http.get(`/agreements/${created.id}`)).status).toBe(200);
  });
});

describe('agency scope', () => {
  it('lets officers keep only their own agency’s agreements and milestones; managers keep all', async () => {
    const mdes = await create(anAgreement({ leadAgency: 'MDES' }), 'officer');

    const foreign = await t.as('otherOfficer').patch(`/agreements/${mdes.id}`).send({ version: 1, summary: 'x' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    const transition = await t
      .as('otherOfficer')
      .post(`/agreements/${mdes.id}/status`)
      .send({ version: 1, to: 'negotiating' });
    expect(transition.status).toBe(403);
    const milestone = await t
      .as('otherOfficer')
      .post(`/agreements/${mdes.id}/milestones`)
      .send({ title: 'Not mine', dueOn: '2027-01-01' });
    expect(milestone.status).toBe(403);
    // A milestone is kept by whoever keeps its agreement: PATCH, archive and restore too.
    const kept = await t
      .as('officer')
      .post(`/agreements/${mdes.id}/milestones`)
      .send({ title: 'Ours', dueOn: '2027-01-01' });
    expect(kept.status).toBe(201);
    const edits: Array<[string, Record<string, unknown>]> = [
      [`patch /milestones/${kept.body.id}`, { version: 1, title: 'Taken over' }],
      [`post /milestones/${kept.body.id}/archive`, { version: 1 }],
    ];
    for (const [route, body] of edits) {
      const [method, path] = route.split(' ') as ['patch' | 'post', string];
      const res = await t.as('otherOfficer')[method](path).send(body);
      expect([route, res.status, res.body.code]).toEqual([route, 403, 'FORBIDDEN']);
    }
    await t.as('officer').post(`/milestones/${kept.body.id}/archive`).send({ version: 1 }).expect(200);
    const restore = await t.as('otherOfficer').post(`/milestones/${kept.body.id}/restore`).send({ version: 2 });
    expect([restore.status, restore.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await t.http.get(`/milestones/${kept.body.id}`)).body).toMatchObject({
      version: 2,
      title: 'Ours',
      archived: true,
    });

    const elsewhere = await t
      .as('officer')
      .post('/agreements')
      .send(anAgreement({ leadAgency: 'DEPA' }));
    expect(elsewhere.status).toBe(403);
    const moved = await t.as('officer').patch(`/agreements/${mdes.id}`).send({ version: 1, leadAgency: 'DEPA' });
    expect(moved.status).toBe(403);

    const unchanged = await t.http.get(`/agreements/${mdes.id}`);
    expect(unchanged.body).toMatchObject({ version: 1, leadAgency: 'MDES', summary: null });

    const byManager = await t
      .as('manager')
      .patch(`/agreements/${mdes.id}`)
      .send({ version: 1, summary: 'by a manager' });
    expect(byManager.status).toBe(200);
    const readByAnyone = await t.as('otherOfficer').get(`/agreements/${mdes.id}`);
    expect(readByAnyone.status).toBe(200);
  });
});

describe('request ids', () => {
  it('names the request on every response, taking a caller’s own X-Request-Id', async () => {
    const listed = await t.http.get('/agreements');
    expect(listed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await t.http.get('/agreements').set('X-Request-Id', 'desk-42');
    expect(mine.headers['x-request-id']).toBe('desk-42');
    const failed = await t.http.get('/agreements/nope').set('X-Request-Id', 'desk-43');
    expect(failed.body.requestId).toBe('desk-43');
  });
});
