import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aMilestone, anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every calendar date the API takes or derives stays a real YYYY-MM-DD within the
 * register's span (1800-01-01 to 2999-12-31): 9999-12-31 plus a century was stored and
 * answered as "10099-12-30". A date outside is a 400 naming the field, and writes nothing.
 */
let t: TestApp;
const SPAN = 'must be a real calendar date written YYYY-MM-DD, from 1800-01-01 to 2999-12-31';
const PAST_SPAN = 'would put the last day in force after 2999-12-31, the latest date the register keeps';

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

async function writes() {
  const [row] = await t.ownerQuery<Record<string, number>>(
    `SELECT (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM agreement_term)::int AS terms,
            (SELECT count(*) FROM milestone)::int AS milestones, (SELECT count(*) FROM audit_event)::int AS events,
            (SELECT coalesce(sum(version), 0) FROM agreement)::int AS versions`,
  );
  return row;
}

/** In force from `effectiveOn` for `termMonths`. */
const inForce = (effectiveOn: string, termMonths: number) =>
  anAgreement({ status: 'in-force', signedOn: effectiveOn, effectiveOn, termMonths });

async function refused(request: () => Promise<{ status: number; body: Record<string, unknown> }>) {
  const before = await writes();
  const res = await request();
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(await writes()).toEqual(before);
  return res.body.errors;
}

describe('dates an agreement is given', () => {
  it.each([
    ['effectiveOn 9999-12-31 with a 100-year term', inForce('9999-12-31', 1200), 'effectiveOn'],
    ['signedOn in year 3000', anAgreement({ status: 'signed', signedOn: '3000-01-01' }), 'signedOn'],
    [
      'cabinetApprovedOn before 1800',
      anAgreement({ status: 'approved', cabinetApprovedOn: '1799-12-31' }),
      'cabinetApprovedOn',
    ],
    ['a five-digit year', anAgreement({ status: 'signed', signedOn: '10000-01-01' }), 'signedOn'],
  ])('refuses %s, naming the field', async (_, body, field) => {
    expect(await refused(() => t.http.post('/agreements').send(body))).toContainEqual({ field, message: SPAN });
  });

  it('refuses a term that would end after 2999-12-31, naming termMonths', async () => {
    const errors = await refused(() => t.http.post('/agreements').send(inForce('2999-06-01', 1200)));
    expect(errors).toEqual([{ field: 'termMonths', message: PAST_SPAN }]);
    expect(await refused(() => t.http.post('/agreements').send(inForce('2999-01-02', 12)))).toEqual([
      { field: 'termMonths', message: PAST_SPAN },
    ]);
  });

  it('keeps a term ending on 2999-12-31 exactly', async () => {
    const res = await t.http.post('/agreements').send(inForce('2999-01-01', 12));
    expect(res.status).toBe(201);
    expect(res.body.expiresOn).toBe('2999-12-31');
  });

  it('refuses an edit or a renewal that would carry the last day past the span', async () => {
    const created = await t.http.post('/agreements').send(inForce('2026-01-01', 12));
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(
      await refused(() => t.http.patch(`/agreements/${id}`).send({ version: 1, effectiveOn: '2999-12-31' })),
    ).toEqual([{ field: 'termMonths', message: PAST_SPAN }]);
    expect(await refused(() => t.http.patch(`/agreements/${id}`).send({ version: 1, signedOn: '3001-01-01' }))).toEqual(
      [{ field: 'signedOn', message: SPAN }],
    );

    const late = await t.http.post('/agreements').send(inForce('2950-01-01', 588));
    expect(late.status).toBe(201);
    expect(late.body.expiresOn).toBe('2998-12-31');
    expect(
      await refused(() => t.http.post(`/agreements/${late.body.id}/renewals`).send({ version: 1, termMonths: 13 })),
    ).toEqual([{ field: 'termMonths', message: PAST_SPAN }]);
    const renewed = await t.http.post(`/agreements/${late.body.id}/renewals`).send({ version: 1, termMonths: 12 });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresOn).toBe('2999-12-31');
  });

  it('refuses a termination dated past the span', async () => {
    const created = await t.http.post('/agreements').send(inForce('2026-01-01', 60));
    expect(
      await refused(() =>
        t.http
          .post(`/agreements/${created.body.id}/termination`)
          .send({ noticeGivenOn: '2026-11-26', effectiveOn: '3000-01-01', version: 1 }),
      ),
    ).toEqual([{ field: 'effectiveOn', message: SPAN }]);
  });
});

describe('other dates', () => {
  it('refuses a milestone due past the span', async () => {
    const created = await t.http.post('/agreements').send(anAgreement());
    expect(
      await refused(() =>
        t.http.post(`/agreements/${created.body.id}/milestones`).send(aMilestone({ dueOn: '3000-01-01' })),
      ),
    ).toEqual([{ field: 'dueOn', message: SPAN }]);
  });

  it.each([
    ['/agreements', { expiresFrom: '3000-01-01' }, 'expiresFrom'],
    ['/agreements', { signedTo: '1799-12-31' }, 'signedTo'],
    ['/milestones', { dueFrom: '0001-01-01' }, 'dueFrom'],
    ['/audit-events', { from: '9999-12-31T00:00:00Z' }, 'from'],
  ])('refuses a %s filter past the span (%j)', async (path, query, field) => {
    const res = await t.as('auditor').get(path).query(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
