import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { aMilestone, anAgreement, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const NOW = '2026-11-26T02:00:00Z'; // 09:00 on 26 Nov 2026 in Bangkok
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(NOW);
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

interface Item {
  id: string;
  title: string;
}

async function agreement(overrides: Record<string, unknown> = {}) {
  const res = await t.http.post('/agreements').send(anAgreement(overrides));
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string; version: number };
}

async function milestone(agreementId: string, overrides: Record<string, unknown> = {}) {
  const res = await t.as('officer').post(`/agreements/${agreementId}/milestones`).send(aMilestone(overrides));
  expect(res.status).toBe(201);
  return res.body;
}

const titles = (body: { items: Item[] }) => body.items.map((m) => m.title);

describe('recording milestones', () => {
  it('records Net Pracharat under the Thailand–Japan memorandum, numbers as numbers', async () => {
    const mou = (await t.http.post('/agreements').send(japanMemorandum())).body;
    const created = await milestone(mou.id, {
      title: 'Net Pracharat: broadband to all 24,700 villages',
      description: 'Village broadband network',
      area: 'knowledge-sharing',
      ownerAgency: 'TOT Public Company Ltd',
      dueOn: '2027-12-31',
      targetValue: 24700,
      actualValue: 18000.5,
      unit: 'villages',
    });
    expect(created).toMatchObject({
      agreementId: mou.id,
      agreementReference: mou.reference,
      agreementTitleEn: mou.titleEn,
      agreementTitleTh: mou.titleTh,
      agreementArchived: false,
      area: 'knowledge-sharing',
      dueOn: '2027-12-31',
      status: 'planned',
      storedStatus: 'planned',
      targetValue: 24700,
      actualValue: 18000.5,
      unit: 'villages',
      completedOn: null,
      version: 1,
      archived: false,
      createdBy: 'officer@mdes.go.th',
      updatedBy: 'officer@mdes.go.th',
    });
    const fetched = await t.http.get(`/milestones/${created.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created);
  });

  it('answers 404 for a missing agreement or milestone, and 409 under an archived agreement', async () => {
    expect((await t.http.post(`/agreements/${MISSING}/milestones`).send(aMilestone())).status).toBe(404);
    expect((await t.http.get(`/agreements/${MISSING}/milestones`)).status).toBe(404);
    expect((await t.http.get(`/milestones/${MISSING}`)).status).toBe(404);
    expect((await t.http.patch(`/milestones/${MISSING}`).send({ version: 1 })).status).toBe(404);

    const { id } = await agreement();
    await t.http.post(`/agreements/${id}/archive`).send({});
    const res = await t.http.post(`/agreements/${id}/milestones`).send(aMilestone());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ARCHIVED');
  });

  it("lists an agreement's milestones by due date, then id", async () => {
    const { id } = await agreement();
    await milestone(id, { title: 'c', dueOn: '2027-05-01' });
    await milestone(id, { title: 'a', dueOn: '2027-01-01' });
    await milestone(id, { title: 'b', dueOn: '2027-03-01' });
    const list = await t.http.get(`/agreements/${id}/milestones`);
    expect(list.status).toBe(200);
    expect(titles(list.body)).toEqual(['a', 'b', 'c']);
    expect(list.body.total).toBe(3);
    expect(list.body.nextCursor).toBeNull();
  });
});

describe('overdue, derived from the clock', () => {
  it('shows the same milestone planned, then overdue once its due date has passed', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId, { dueOn: '2026-12-15' });
    const read = async () => (await t.http.get(`/milestones/${id}`)).body;

    expect((await read()).status).toBe('planned');
    t.clock.set('2026-12-15T16:59:00Z'); // 23:59 on the due date in Bangkok: still in time
    expect((await read()).status).toBe('planned');
    t.clock.set('2026-12-15T17:00:00Z'); // midnight in Bangkok, while UTC is still on the 15th
    expect(await read()).toMatchObject({ status: 'overdue', storedStatus: 'planned', version: 1 });

    const moved = await t.http.patch(`/milestones/${id}`).send({ version: 1, status: 'in-progress' });
    expect(moved.body).toMatchObject({ status: 'overdue', storedStatus: 'in-progress' });
    const done = await t.http.patch(`/milestones/${id}`).send({ version: 2, status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', storedStatus: 'done', completedOn: '2026-12-16' });
  });
});

describe('completion', () => {
  it('records today as completedOn when done without one, and clears it when reopened', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId, { status: 'in-progress' });
    const done = await t.http.patch(`/milestones/${id}`).send({ version: 1, status: 'done', actualValue: 24700 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', completedOn: '2026-11-26', actualValue: 24700 });

    const edited = await t.http.patch(`/milestones/${id}`).send({ version: 2, unit: 'villages' });
    expect(edited.body.completedOn).toBe('2026-11-26');
    const redated = await t.http.patch(`/milestones/${id}`).send({ version: 3, completedOn: '2026-11-20' });
    expect(redated.body.completedOn).toBe('2026-11-20');

    const reopened = await t.http.patch(`/milestones/${id}`).send({ version: 4, status: 'in-progress' });
    expect(reopened.body).toMatchObject({ status: 'in-progress', completedOn: null });
  });

  it('keeps a completion date given with done, and refuses one without done or a cleared one', async () => {
    const { id: agreementId } = await agreement();
    const done = await milestone(agreementId, { status: 'done', completedOn: '2026-10-01' });
    expect(done.completedOn).toBe('2026-10-01');

    const cleared = await t.http.patch(`/milestones/${done.id}`).send({ version: 1, completedOn: null });
    expect(cleared.status).toBe(400);
    expect(cleared.body.errors).toEqual([{ field: 'completedOn', message: 'cannot be cleared while status is done' }]);

    const open = await milestone(agreementId);
    const early = await t.http.patch(`/milestones/${open.id}`).send({ version: 1, completedOn: '2026-10-01' });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('completedOn');
    expect((await t.http.get(`/milestones/${open.id}`)).body.version).toBe(1);
  });
});

describe('editing', () => {
  it('takes the version it read, and refuses a stale one with the current record', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId);
    const first = await t.http.patch(`/milestones/${id}`).send({ version: 1, title: 'first', description: 'd' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, title: 'first', updatedBy: 'manager@mdes.go.th' });

    const stale = await t.http.patch(`/milestones/${id}`).send({ version: 1, title: 'second' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.current).toMatchObject({ id, title: 'first', version: 2 });

    const cleared = await t.http.patch(`/milestones/${id}`).send({ version: 2, description: null });
    expect(cleared.body.description).toBeNull();
    const nullTitle = await t.http.patch(`/milestones/${id}`).send({ version: 3, title: null });
    expect(nullTitle.status).toBe(400);
    expect(nullTitle.body.errors[0].field).toBe('title');
  });

  it('lets exactly one of more concurrent edits than pool connections win', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.http.patch(`/milestones/${id}`).send({ version: 1, title: `edit ${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect((await t.http.get(`/milestones/${id}`)).body.version).toBe(2);
  });
});

describe('archive', () => {
  it('hides an archived milestone from lists unless asked, refuses edits, and restores it', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId, { ownerAgency: 'Archive test agency' });
    const stale = await t.http.post(`/milestones/${id}/archive`).send({ version: 9 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const archived = await t.http.post(`/milestones/${id}/archive`).send({ version: 1 });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, version: 2, updatedBy: 'manager@mdes.go.th' });
    expect((await t.http.post(`/milestones/${id}/archive`).send({})).body.code).toBe('ARCHIVED');

    expect((await t.http.get(`/agreements/${agreementId}/milestones`)).body.total).toBe(0);
    expect((await t.http.get(`/agreements/${agreementId}/milestones?includeArchived=true`)).body.total).toBe(1);
    const owner = { ownerAgency: 'Archive test agency' };
    expect((await t.http.get('/milestones').query(owner)).body.total).toBe(0);
    expect((await t.http.get('/milestones').query({ ...owner, includeArchived: true })).body.total).toBe(1);
    expect((await t.http.get(`/milestones/${id}`)).body.archived).toBe(true);

    const edit = await t.http.patch(`/milestones/${id}`).send({ version: 2, title: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ARCHIVED');

    const restored = await t.http.post(`/milestones/${id}/restore`).send({});
    expect(restored.body).toMatchObject({ archived: false, archivedAt: null, version: 3 });
    expect((await t.http.get('/milestones').query(owner)).body.total).toBe(1);
  });

  it('hides milestones of an archived agreement from GET /milestones, but not from the agreement', async () => {
    const { id: agreementId } = await agreement();
    const { id } = await milestone(agreementId, { ownerAgency: 'Archived agreement agency' });
    await t.http.post(`/agreements/${agreementId}/archive`).send({});
    const owner = { ownerAgency: 'Archived agreement agency' };
    expect((await t.http.get('/milestones').query(owner)).body.total).toBe(0);
    const all = await t.http.get('/milestones').query({ ...owner, includeArchived: true });
    expect(all.body.items).toMatchObject([{ id, agreementArchived: true, archived: false }]);
    expect((await t.http.get(`/agreements/${agreementId}/milestones`)).body.total).toBe(1);
    const edit = await t.http.patch(`/milestones/${id}`).send({ version: 1, title: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ARCHIVED');
  });
});

describe('bad input', () => {
  let agreementId: string;
  let milestoneId: string;
  beforeAll(async () => {
    agreementId = (await agreement()).id;
    milestoneId = (await milestone(agreementId)).id;
  });

  type Case = [string, 'post' | 'patch', () => string, Record<string, unknown>, string];
  const create = () => `/agreements/${agreementId}/milestones`;
  const edit = () => `/milestones/${milestoneId}`;
  const cases: Case[] = [
    ['a date that does not exist', 'post', create, aMilestone({ dueOn: '2017-02-30' }), 'dueOn'],
    ['a date in another format', 'post', create, aMilestone({ dueOn: '31/12/2017' }), 'dueOn'],
    ['an unknown area', 'post', create, aMilestone({ area: 'space' }), 'area'],
    ['an unknown field', 'post', create, aMilestone({ secret: true }), 'secret'],
    ['a bad agreement uuid', 'post', () => '/agreements/not-a-uuid/milestones', aMilestone(), 'id'],
    ['no title', 'post', create, aMilestone({ title: undefined }), 'title'],
    ['no due date', 'post', create, aMilestone({ dueOn: undefined }), 'dueOn'],
    ['overdue as a stored status', 'post', create, aMilestone({ status: 'overdue' }), 'status'],
    [
      'a completion date on an open milestone',
      'post',
      create,
      aMilestone({ completedOn: '2026-11-01' }),
      'completedOn',
    ],
    ['a target that is not a number', 'post', create, aMilestone({ targetValue: 'many' }), 'targetValue'],
    ['a bad milestone uuid', 'patch', () => '/milestones/not-a-uuid', { version: 1, title: 'x' }, 'id'],
    ['an edit without its version', 'patch', edit, { title: 'x' }, 'version'],
    ['an edit to an unknown area', 'patch', edit, { version: 1, area: 'space' }, 'area'],
    ['an edit to a bad date', 'patch', edit, { version: 1, dueOn: '2017-02-30' }, 'dueOn'],
    ['an edit moving it to another agreement', 'patch', edit, { version: 1, agreementId: MISSING }, 'agreementId'],
  ];

  it.each(cases)('refuses %s with a 400 naming the field, and writes nothing', async (_, method, path, body, field) => {
    const before = (await t.http.get('/milestones?includeArchived=true')).body.total;
    const res = await t.http[method](path()).send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await t.http.get('/milestones?includeArchived=true')).body.total).toBe(before);
    expect((await t.http.get(edit())).body.version).toBe(1);
  });
});

describe('GET /milestones filters', () => {
  let agreementId: string;
  let otherAgreementId: string;
  beforeAll(async () => {
    agreementId = (await agreement()).id;
    const rows: Array<Record<string, unknown>> = [
      { title: 'm1', dueOn: '2026-10-01', ownerAgency: 'TOT', area: 'knowledge-sharing' },
      { title: 'm2', dueOn: '2026-11-20', ownerAgency: 'Thailand Post', area: 'postal', status: 'in-progress' },
      { title: 'm3', dueOn: '2026-12-01', ownerAgency: 'TOT', area: 'postal' },
      { title: 'm4', dueOn: '2027-01-15', ownerAgency: 'DEPA', status: 'done' },
      { title: 'm5', dueOn: '2027-02-01', ownerAgency: 'DEPA', status: 'cancelled' },
      { title: 'm6', dueOn: '2027-03-01', ownerAgency: 'Thailand Post', status: 'in-progress' },
      { title: 'm7', dueOn: '2026-09-01', ownerAgency: 'TOT' },
    ];
    for (const row of rows) await milestone(agreementId, row);
    const m7 = (await t.http.get('/milestones').query({ agreementId, status: 'overdue' })).body.items[0];
    await t.http.post(`/milestones/${m7.id}/archive`).send({});
    otherAgreementId = (await agreement()).id;
    await milestone(otherAgreementId, { title: 'other', ownerAgency: 'TOT' });
  });

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['no filter', {}, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']],
    ['overdue=true', { overdue: true }, ['m1', 'm2']],
    ['overdue=false', { overdue: false }, ['m3', 'm4', 'm5', 'm6']],
    ['status=overdue', { status: 'overdue' }, ['m1', 'm2']],
    ['status=planned (as read)', { status: 'planned' }, ['m3']],
    ['status=in-progress (as read)', { status: 'in-progress' }, ['m6']],
    ['status=done', { status: 'done' }, ['m4']],
    ['status=cancelled', { status: 'cancelled' }, ['m5']],
    ['dueFrom and dueTo, both inclusive', { dueFrom: '2026-11-20', dueTo: '2027-01-15' }, ['m2', 'm3', 'm4']],
    ['dueFrom alone', { dueFrom: '2027-02-01' }, ['m5', 'm6']],
    ['ownerAgency', { ownerAgency: 'TOT' }, ['m1', 'm3']],
    ['area', { area: 'postal' }, ['m2', 'm3']],
    ['includeArchived', { includeArchived: true }, ['m7', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']],
    ['several at once', { ownerAgency: 'Thailand Post', overdue: false }, ['m6']],
  ];

  it.each(cases)('filters by %s', async (_, filter, expected) => {
    const res = await t.http.get('/milestones').query({ agreementId, ...filter });
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('filters by agreementId', async () => {
    const res = await t.http.get('/milestones').query({ agreementId: otherAgreementId });
    expect(titles(res.body)).toEqual(['other']);
    expect(res.body.items[0].agreementId).toBe(otherAgreementId);
  });

  it.each([
    ['status', { status: 'late' }],
    ['overdue', { overdue: 'maybe' }],
    ['dueFrom', { dueFrom: '2017-02-30' }],
    ['agreementId', { agreementId: 'not-a-uuid' }],
    ['limit', { limit: 101 }],
    ['cursor', { cursor: 'garbage' }],
    ['sort', { sort: 'title' }],
  ])('refuses a bad %s with a 400 naming it', async (field, filter) => {
    const res = await t.http.get('/milestones').query(filter);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('pagination', () => {
  it('walks every page by cursor, in due-date order, with no duplicates and no gaps', async () => {
    const { id: agreementId } = await agreement();
    const dates = ['2027-01-01', '2027-01-01', '2027-01-01', '2027-02-01', '2027-02-01', '2027-03-01', '2027-04-01'];
    for (const dueOn of dates) await milestone(agreementId, { dueOn });
    const all = (await t.http.get('/milestones').query({ agreementId })).body.items as Array<Item & { dueOn: string }>;
    expect(all.map((m) => m.dueOn)).toEqual(dates);

    const lists: Array<[string, Record<string, unknown>]> = [
      ['/milestones', { agreementId }],
      [`/agreements/${agreementId}/milestones`, {}],
    ];
    for (const [path, filter] of lists) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http.get(path).query({ ...filter, limit: 3, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(7);
        seen.push(...res.body.items.map((m: Item) => m.id));
        sizes.push(res.body.items.length);
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual(all.map((m) => m.id));
    }
  });
});

describe('query count', () => {
  it('lists 50 milestones in as many queries as 5, joining the agreement in the same SELECT', async () => {
    const big = await agreement();
    const small = await agreement();
    for (let i = 0; i < 50; i++) await milestone(big.id, { dueOn: `2027-01-${String((i % 28) + 1).padStart(2, '0')}` });
    for (let i = 0; i < 5; i++) await milestone(small.id);

    const count = async (path: string, query: Record<string, unknown>) => {
      const { result, queries } = await t.countQueries(() => t.http.get(path).query({ ...query, limit: 50 }));
      expect(result.status).toBe(200);
      return {
        items: result.body.items as Array<{ agreementReference: string }>,
        queries: queries.length,
        sql: queries,
      };
    };
    const global50 = await count('/milestones', { agreementId: big.id });
    const global5 = await count('/milestones', { agreementId: small.id });
    expect(global50.items).toHaveLength(50);
    expect(global50.items.every((m) => m.agreementReference === big.reference)).toBe(true);
    expect(global5.items).toHaveLength(5);
    // The page (agreement joined in) and the total.
    expect(global50.queries).toBe(2);
    expect(global5.queries).toBe(2);
    expect(global50.sql[0]).toMatch(/FROM milestone m JOIN agreement a/);

    const scoped50 = await count(`/agreements/${big.id}/milestones`, {});
    const scoped5 = await count(`/agreements/${small.id}/milestones`, {});
    expect(scoped50.items).toHaveLength(50);
    // The agreement exists (for a 404), the page, the total.
    expect(scoped50.queries).toBe(3);
    expect(scoped5.queries).toBe(3);
  });
});
