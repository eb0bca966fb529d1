import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerProcessor } from '../apps/worker/src/reminders/scheduler.processor.js';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startTestWorker, type TestWorker } from './support/test-worker.js';

// The office clock: 26 Nov 2026, 09:00 in Bangkok (02:00 UTC).
const NOW = '2026-11-26T02:00:00Z';

let t: TestApp;
let worker: TestWorker;

beforeAll(async () => {
  t = await startTestApp(NOW);
  worker = await startTestWorker(t.clock);
});

afterAll(async () => {
  await worker?.close();
  await t?.close();
});

interface Link {
  id: string;
  reference: string;
  titleEn: string | null;
  titleTh: string | null;
  effectiveOn: string | null;
}

interface Agreement extends Link {
  version: number;
  status: string;
  expiresOn: string;
  noticeDeadline: string;
  termStartsOn: string;
  termMonths: number;
  decision: { decision: string; termStartsOn: string } | null;
  terminatesOn: string | null;
  amends: Link | null;
  supersedes: Link | null;
  amendedBy: Link[];
  supersededBy: Link[];
}

/** How a linked agreement shows on the other one: enough to recognise it without a second read. */
const linkTo = ({ id, reference, titleEn, titleTh, effectiveOn }: Link): Link => ({
  id,
  reference,
  titleEn,
  titleTh,
  effectiveOn,
});

async function inForce(effectiveOn: string, extra: Record<string, unknown> = {}): Promise<Agreement> {
  const res = await t.http
    .post('/agreements')
    .send(
      anAgreement({ status: 'in-force', signedOn: effectiveOn, effectiveOn, termMonths: 12, noticeDays: 90, ...extra }),
    );
  expect(res.status).toBe(201);
  return res.body as Agreement;
}

async function get(id: string): Promise<Agreement> {
  const res = await t.http.get(`/agreements/${id}`);
  expect(res.status).toBe(200);
  return res.body as Agreement;
}

async function reminders(id: string) {
  const res = await t.http.get(`/agreements/${id}/reminders`).query({ limit: 100 });
  expect(res.status).toBe(200);
  return res.body.items as Array<{ kind: string; state: string; targetOn: string; dueOn: string }>;
}

async function terms(id: string) {
  const res = await t.http.get(`/agreements/${id}/terms`);
  expect(res.status).toBe(200);
  return res.body as Array<{ seq: number; startsOn: string; endsOn: string; origin: string }>;
}

describe('renewal decisions', () => {
  it('stops the notice-deadline reminders of the current term', async () => {
    const a = await inForce('2026-07-01'); // last day 2027-06-30, notice deadline 2027-04-01
    expect(a.noticeDeadline).toBe('2027-04-01');
    const before = await reminders(a.id);
    expect(before.some((r) => r.kind === 'notice-deadline' && r.state === 'pending')).toBe(true);

    const res = await t.http
      .post(`/agreements/${a.id}/decision`)
      .send({ decision: 'let-expire', note: 'Not renewing', version: a.version });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ decision: 'let-expire', termStartsOn: '2026-07-01' });
    expect(res.body.version).toBe(a.version + 1);

    const after = await reminders(a.id);
    const notice = after.filter((r) => r.kind === 'notice-deadline');
    expect(notice.length).toBeGreaterThan(0);
    expect(notice.every((r) => r.state === 'cancelled')).toBe(true);
    expect(after.some((r) => r.kind === 'expiry' && r.state === 'pending')).toBe(true);

    const history = await t.http.get(`/agreements/${a.id}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('agreement.decision');

    // Decided: its notice deadline leaves the deadline list; its expiry stays.
    const deadlines = await t.http.get('/deadlines').query({ withinDays: 3650 });
    const mine = deadlines.body.items.filter((d: { agreementId: string }) => d.agreementId === a.id);
    expect(mine.map((d: { kind: string }) => d.kind)).toEqual(['expiry']);
  });

  it('records a decision to terminate: notice reminders stop, and the termination by notice follows', async () => {
    const a = await inForce('2026-08-01'); // last day 2027-07-31, notice deadline 2027-05-02
    const res = await t.http
      .post(`/agreements/${a.id}/decision`)
      .send({ decision: 'terminate', note: 'Superseded by the 2027 programme', version: a.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'in-force', // deciding to terminate is not terminating: the notice is still to be given
      terminatesOn: null,
      decision: { decision: 'terminate', termStartsOn: '2026-08-01' },
    });
    const plan = await reminders(a.id);
    expect(plan.filter((r) => r.kind === 'notice-deadline').every((r) => r.state === 'cancelled')).toBe(true);
    expect(plan.some((r) => r.kind === 'expiry' && r.state === 'pending')).toBe(true);
    const history = (await t.http.get(`/agreements/${a.id}/history`)).body.items;
    expect(history.filter((e: { action: string }) => e.action === 'agreement.decision')).toEqual([
      expect.objectContaining({ metadata: { decision: 'terminate', termStartsOn: '2026-08-01' } }),
    ]);

    const ended = await t.http
      .post(`/agreements/${a.id}/termination`)
      .send({ noticeGivenOn: '2026-11-26', effectiveOn: '2027-02-28', version: res.body.version });
    expect(ended.status).toBe(200);
    expect(ended.body.terminatesOn).toBe('2027-02-28');
    expect((await reminders(a.id)).filter((r) => r.state === 'pending')).toEqual([]);
  });

  it('is for managers only, needs the current version and valid input', async () => {
    const a = await inForce('2026-07-02');
    const officer = await t.as('officer').post(`/agreements/${a.id}/decision`).send({ decision: 'renew', version: 1 });
    expect(officer.status).toBe(403);
    const stale = await t.http.post(`/agreements/${a.id}/decision`).send({ decision: 'renew', version: 99 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const bad = await t.http.post(`/agreements/${a.id}/decision`).send({ decision: 'maybe', version: a.version });
    expect(bad.status).toBe(400);
    const draft = await t.http.post('/agreements').send(anAgreement());
    const notInForce = await t.http
      .post(`/agreements/${draft.body.id}/decision`)
      .send({ decision: 'renew', version: 1 });
    expect(notInForce.status).toBe(409);
  });
});

describe('renewals', () => {
  it('starts a new term the day after the last day and moves the plan to the new dates', async () => {
    const a = await inForce('2026-04-01'); // last day 2027-03-31
    expect(a.expiresOn).toBe('2027-03-31');
    await t.http.post(`/agreements/${a.id}/decision`).send({ decision: 'renew', version: a.version });
    const current = await get(a.id);

    const res = await t.http.post(`/agreements/${a.id}/renewals`).send({ termMonths: 24, version: current.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'in-force',
      termStartsOn: '2027-04-01',
      termMonths: 24,
      expiresOn: '2029-03-31',
      noticeDeadline: '2028-12-31',
      decision: null,
    });
    // Each term says how its dates were derived, for the console's timeline.
    expect(await terms(a.id)).toMatchObject([
      {
        seq: 1,
        startsOn: '2026-04-01',
        endsOn: '2027-03-31',
        origin: 'original',
        startsFrom: 'entry-into-force',
        termMonths: 12,
        current: false,
      },
      {
        seq: 2,
        startsOn: '2027-04-01',
        endsOn: '2029-03-31',
        origin: 'renewal',
        startsFrom: 'previous-term',
        termMonths: 24,
        current: true,
      },
    ]);
    const plan = await reminders(a.id);
    const pending = plan.filter((r) => r.state === 'pending');
    expect(pending.some((r) => r.kind === 'expiry' && r.targetOn === '2029-03-31')).toBe(true);
    expect(pending.some((r) => r.targetOn === '2027-03-31')).toBe(false);
  });

  it('is refused to officers, on stale versions and on bad input', async () => {
    const a = await inForce('2026-04-02');
    expect((await t.as('officer').post(`/agreements/${a.id}/renewals`).send({ version: a.version })).status).toBe(403);
    expect((await t.http.post(`/agreements/${a.id}/renewals`).send({ version: a.version + 5 })).status).toBe(409);
    expect((await t.http.post(`/agreements/${a.id}/renewals`).send({ termMonths: 0, version: a.version })).status).toBe(
      400,
    );
  });
});

describe('automatic roll-over', () => {
  it('rolls an agreement several terms behind into the term that holds today', async () => {
    const a = await inForce('2025-12-01', { renewal: 'automatic' }); // last day 2026-11-30
    const stopped = await inForce('2025-12-02', { renewal: 'automatic' });
    await t.http.post(`/agreements/${stopped.id}/decision`).send({ decision: 'let-expire', version: stopped.version });
    try {
      t.clock.set('2029-01-10T02:00:00Z');
      // Past its last day but due to roll tonight: still reads in force.
      expect((await get(a.id)).status).toBe('in-force');
      expect((await get(stopped.id)).status).toBe('expired');

      const result = await worker.app.get(SchedulerProcessor).nightly();
      expect(result.rolled).toBeGreaterThanOrEqual(1);

      const rolled = await get(a.id);
      expect(rolled).toMatchObject({
        status: 'in-force',
        termStartsOn: '2028-12-01',
        expiresOn: '2029-11-30',
        noticeDeadline: '2029-09-01',
      });
      expect((await terms(a.id)).map((x) => [x.startsOn, x.origin])).toEqual([
        ['2025-12-01', 'original'],
        ['2026-12-01', 'renewal'],
        ['2027-12-01', 'renewal'],
        ['2028-12-01', 'renewal'],
      ]);
      const plan = await reminders(a.id);
      expect(
        plan.some((r) => r.kind === 'notice-deadline' && r.targetOn === '2029-09-01' && r.state === 'pending'),
      ).toBe(true);
      expect((await get(stopped.id)).status).toBe('expired');
      expect(await terms(stopped.id)).toHaveLength(1);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('termination by notice', () => {
  it('reads terminated from its effective day, and its reminders stop', async () => {
    const a = await inForce('2026-06-01'); // last day 2027-05-31
    const bad = await t.http
      .post(`/agreements/${a.id}/termination`)
      .send({ noticeGivenOn: '2026-11-26', effectiveOn: '2026-11-01', version: a.version });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.http
          .post(`/agreements/${a.id}/termination`)
          .send({ noticeGivenOn: '2026-13-01', effectiveOn: '2026-12-10', version: a.version })
      ).status,
    ).toBe(400);
    const other = await t
      .as('otherOfficer')
      .post(`/agreements/${a.id}/termination`)
      .send({ noticeGivenOn: '2026-11-26', effectiveOn: '2026-12-10', version: a.version });
    expect(other.status).toBe(403);

    const res = await t
      .as('officer')
      .post(`/agreements/${a.id}/termination`)
      .send({ noticeGivenOn: '2026-11-26', effectiveOn: '2026-12-10', note: 'By notice', version: a.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in-force', terminatesOn: '2026-12-10' });
    const plan = await reminders(a.id);
    expect(plan.filter((r) => r.state === 'pending' && ['expiry', 'notice-deadline'].includes(r.kind))).toEqual([]);

    try {
      t.clock.set('2026-12-09T02:00:00Z');
      expect((await get(a.id)).status).toBe('in-force');
      t.clock.set('2026-12-10T02:00:00Z');
      expect((await get(a.id)).status).toBe('terminated');
      const list = await t.http.get('/agreements').query({ status: 'terminated', limit: 100 });
      expect(list.body.items.map((x: { id: string }) => x.id)).toContain(a.id);
      const inForceList = await t.http.get('/agreements').query({ status: 'in-force', limit: 100 });
      expect(inForceList.body.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('supersession and amendment', () => {
  it('supersedes an agreement in force and links both ways', async () => {
    const old = await inForce('2026-01-15');
    const res = await t.http.post('/agreements').send(anAgreement({ supersedesId: old.id, amendsId: old.id }));
    expect(res.status).toBe(201);
    expect(res.body.supersedes).toEqual(linkTo(old));
    expect(res.body.supersedes).toMatchObject({
      titleEn: expect.stringMatching(/^Test agreement/),
      effectiveOn: '2026-01-15',
    });
    expect(res.body.amends).toEqual(linkTo(old));
    const after = await get(old.id);
    expect(after.status).toBe('superseded');
    expect(after.supersededBy).toEqual([linkTo(res.body)]);
    expect(after.amendedBy).toEqual([linkTo(res.body)]);
    expect(after.version).toBe(old.version + 1);

    const again = await t.http.post('/agreements').send(anAgreement({ supersedesId: old.id }));
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('supersedesId');

    const missing = await t.http
      .post('/agreements')
      .send(anAgreement({ supersedesId: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.status).toBe(400);
    expect((await t.http.post('/agreements').send(anAgreement({ amendsId: 'nope' }))).status).toBe(400);
  });

  it('lets an officer link only agreements of their own agency as amended, and writes nothing otherwise', async () => {
    const mdes = await inForce('2026-01-17');
    const depa = (
      await t
        .as('otherOfficer')
        .post('/agreements')
        .send(anAgreement({ leadAgency: 'DEPA' }))
        .expect(201)
    ).body;
    const counts = async () =>
      (
        await t.ownerQuery<{ agreements: number; events: number }>(
          `SELECT (SELECT count(*)::int FROM agreement) AS agreements, (SELECT count(*)::int FROM audit_event) AS events`,
        )
      )[0];
    const before = await counts();

    const created = await t
      .as('otherOfficer')
      .post('/agreements')
      .send(anAgreement({ leadAgency: 'DEPA', amendsId: mdes.id }));
    expect(created.status).toBe(403);
    expect(created.body.code).toBe('FORBIDDEN');
    expect(created.body.errors).toEqual([
      { field: 'amendsId', message: 'names an agreement of MDES, not of your agency' },
    ]);
    const edited = await t.as('otherOfficer').patch(`/agreements/${depa.id}`).send({ amendsId: mdes.id, version: 1 });
    expect(edited.status).toBe(403);
    expect(edited.body.errors[0].field).toBe('amendsId');
    expect(await counts()).toEqual(before);
    expect((await get(mdes.id)).amendedBy).toEqual([]);
    expect((await get(depa.id)).version).toBe(1);

    // Their own agency's agreement they may name; a manager may name any.
    const own = await t
      .as('otherOfficer')
      .post('/agreements')
      .send(anAgreement({ leadAgency: 'DEPA', amendsId: depa.id }));
    expect(own.status).toBe(201);
    const byManager = await t.http.patch(`/agreements/${depa.id}`).send({ amendsId: mdes.id, version: 1 });
    expect(byManager.status).toBe(200);
    expect(byManager.body.amends).toMatchObject({ id: mdes.id, reference: mdes.reference });
  });

  it('supersedes through an edit too', async () => {
    const old = await inForce('2026-01-16');
    const next = await t.http.post('/agreements').send(anAgreement());
    const res = await t.http.patch(`/agreements/${next.body.id}`).send({ supersedesId: old.id, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body.supersedes).toEqual(linkTo(old));
    expect((await get(old.id)).status).toBe('superseded');
  });
});
