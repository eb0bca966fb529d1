import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderQueues } from '../apps/worker/src/reminders/reminder-queues.js';
import { JobName, renderReminderMessage } from '../libs/reminders/src/index.js';
import { japanMemorandumDelivery } from '../libs/reminders/src/testing/delivery-context.fixture.js';
import { anAgreement } from './support/fixtures.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually, startTestWorker, type TestWorker } from './support/test-worker.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

// The office clock: 26 Nov 2026, 09:00 in Bangkok (02:00 UTC).
const NOW = '2026-11-26T02:00:00Z';

let t: TestApp;
let worker: TestWorker;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.REMINDER_DELIVERY_ATTEMPTS = '2';
  process.env.REMINDER_BACKOFF_MS = '50';
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  t = await startTestApp(NOW);
  worker = await startTestWorker(t.clock);
  const hook = await t
    .as('admin')
    .post('/webhooks')
    .send({ url: receiver.url, events: ['expiry', 'notice-deadline', 'milestone-due', 'milestone-overdue'] });
  expect(hook.status).toBe(201);
});

afterEach(() => {
  t.clock.set(NOW);
});

afterAll(async () => {
  await worker?.close();
  await t?.close();
  await smtp?.close();
  await receiver?.close();
  delete process.env.SMTP_URL;
  delete process.env.REMINDER_DELIVERY_ATTEMPTS;
  delete process.env.REMINDER_BACKOFF_MS;
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
});

async function reminders(agreementId: string, state?: string) {
  const res = await t.http
    .get(`/agreements/${agreementId}/reminders`)
    .query({ limit: 100, ...(state ? { state } : {}) });
  expect(res.status).toBe(200);
  return res.body.items as Array<{
    id: string;
    kind: string;
    offsetDays: number;
    dueOn: string;
    fireAt: string;
    state: string;
    targetOn: string;
    deliveries: Array<{ channel: string; state: string }>;
  }>;
}

/** An agreement in force whose last day is `expiresOn` (one-year term ending that day). */
async function inForceUntil(expiresOn: string, extra: Record<string, unknown> = {}) {
  const [y, m, d] = expiresOn.split('-').map(Number);
  const start = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  const res = await t.http.post('/agreements').send(
    anAgreement({
      status: 'in-force',
      signedOn: start,
      effectiveOn: start,
      termMonths: 12,
      contacts: ['desk@mdes.go.th'],
      ...extra,
    }),
  );
  expect(res.status).toBe(201);
  expect(res.body.expiresOn).toBe(expiresOn);
  return res.body as { id: string; reference: string; titleEn: string; noticeDeadline: string; version: number };
}

describe('the reminder plan', () => {
  it('plans every expiry and notice offset at 09:00 Bangkok on its day', async () => {
    const a = await inForceUntil('2027-12-31', { noticeDays: 90 });
    const plan = await reminders(a.id);
    const expiry = plan.filter((r) => r.kind === 'expiry');
    expect(expiry.map((r) => r.offsetDays).sort((x, y) => y - x)).toEqual([180, 90, 60, 30, 7, 1]);
    const at180 = expiry.find((r) => r.offsetDays === 180)!;
    expect(at180.dueOn).toBe('2027-07-04');
    expect(new Date(at180.fireAt).toISOString()).toBe('2027-07-04T02:00:00.000Z'); // 09:00 in Bangkok
    const notice = plan.filter((r) => r.kind === 'notice-deadline');
    expect(notice.map((r) => r.targetOn)).toEqual(Array(5).fill('2027-10-02'));
    expect(notice.map((r) => r.offsetDays).sort((x, y) => y - x)).toEqual([30, 14, 7, 1, 0]);
    expect(plan.every((r) => r.state === 'pending')).toBe(true);
  });

  it('sends only the latest of the offsets already past when an agreement is logged late', async () => {
    const a = await inForceUntil('2026-12-20', { noticeDays: 0 }); // 24 days left
    const plan = await reminders(a.id);
    const expiry = plan
      .filter((r) => r.kind === 'expiry')
      .map((r) => r.offsetDays)
      .sort((x, y) => y - x);
    expect(expiry).toEqual([30, 7, 1]); // 180, 90 and 60 are stale and never planned
    const due = plan.filter((r) => new Date(r.fireAt) <= new Date(NOW));
    expect(due.map((r) => `${r.kind}:${r.offsetDays}`).sort()).toEqual(['expiry:30', 'notice-deadline:30']);
  });

  it('moves the plan when the expiry date moves, keeping what was already sent', async () => {
    const a = await inForceUntil('2027-12-31');
    const extended = await t.http.patch(`/agreements/${a.id}`).send({ version: a.version, termMonths: 24 });
    expect(extended.body.expiresOn).toBe('2028-12-31');
    const pending = (await reminders(a.id, 'pending')).filter((r) => r.kind === 'expiry');
    expect(new Set(pending.map((r) => r.targetOn))).toEqual(new Set(['2028-12-31']));
    const cancelled = await reminders(a.id, 'cancelled');
    expect(cancelled.filter((r) => r.kind === 'expiry' && r.targetOn === '2027-12-31')).toHaveLength(6);
  });

  it('cancels every pending reminder of a terminated agreement (archived: agreements.e2e-spec)', async () => {
    const a = await inForceUntil('2027-12-31');
    await t.http.post(`/agreements/${a.id}/status`).send({ to: 'terminated', version: a.version }).expect(200);
    expect(await reminders(a.id, 'pending')).toEqual([]);
  });
});

describe('milestone reminders', () => {
  async function milestone(agreementId: string, dueOn: string) {
    const res = await t.http
      .post(`/agreements/${agreementId}/milestones`)
      .send({ title: 'Net Pracharat', dueOn, ownerAgency: 'TOT' });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  }

  it('reminds 14, 3 and 0 days before, then weekly while overdue, and stops when done', async () => {
    t.clock.set(NOW);
    const a = await inForceUntil('2030-12-31');
    const m = await milestone(a.id, '2026-12-20');
    const plan = (await reminders(a.id)).filter((r) => r.kind.startsWith('milestone'));
    expect(plan.map((r) => `${r.kind}:${r.dueOn}`).sort()).toEqual([
      'milestone-due:2026-12-06',
      'milestone-due:2026-12-17',
      'milestone-due:2026-12-20',
      'milestone-overdue:2026-12-27',
    ]);
    const done = await t.http.patch(`/milestones/${m.id}`).send({ version: m.version, status: 'done' });
    expect(done.status).toBe(200);
    const after = (await reminders(a.id, 'pending')).filter((r) => r.kind.startsWith('milestone'));
    expect(after).toEqual([]);
  });

  it('keeps planning the next weekly reminder of an overdue milestone in the nightly pass', async () => {
    t.clock.set(NOW); // 2026-11-26
    const a = await inForceUntil('2030-12-31');
    await milestone(a.id, '2026-11-16'); // logged ten days late
    const overdue = () => reminders(a.id).then((rs) => rs.filter((r) => r.kind.startsWith('milestone')));
    // Of the slots already past only the latest (a week overdue) survives; the next is ahead.
    expect((await overdue()).map((r) => `${r.kind}:${r.dueOn}`).sort()).toEqual([
      'milestone-overdue:2026-11-23',
      'milestone-overdue:2026-11-30',
    ]);
    t.clock.set('2026-12-01T17:05:00Z'); // 00:05 on 2 Dec in Bangkok
    await worker.replanAll();
    expect((await overdue()).map((r) => `${r.kind}:${r.dueOn}`)).toContain('milestone-overdue:2026-12-07');
    t.clock.set(NOW);
  });

  it('follows an agreement’s own offsets instead of the defaults', async () => {
    const a = await inForceUntil('2027-12-31', { reminderPolicy: { expiry: [45], notice: [] } });
    const plan = await reminders(a.id);
    expect(plan.map((r) => `${r.kind}:${r.offsetDays}`)).toEqual(['expiry:45']);
  });
});

describe('delivery', () => {
  it('fires on its day at 09:00 Bangkok, not before, by email, webhook and in-app', async () => {
    t.clock.set(NOW);
    const a = await inForceUntil('2027-06-30', { noticeDays: 30, contacts: ['Officer@MDES.go.th'] });
    // Expiry minus 180 days is 2027-01-01: 08:59 Bangkok is 01:59 UTC.
    t.clock.set('2027-01-01T01:59:00Z');
    await worker.scan();
    const before = (await reminders(a.id)).find((r) => r.kind === 'expiry' && r.offsetDays === 180)!;
    expect(before.deliveries).toEqual([]);
    expect((await t.http.get('/notifications').query({ agreementId: a.id })).body.items).toEqual([]);

    t.clock.set('2027-01-01T02:00:00Z');
    await worker.scan();
    // The in-app notification is there as soon as the scan has claimed the reminder, in
    // English and Thai (Buddhist Era dates); email and webhook follow through the queue.
    const claimed = (await reminders(a.id)).find((r) => r.kind === 'expiry' && r.offsetDays === 180)!;
    expect(claimed.deliveries).toContainEqual(expect.objectContaining({ channel: 'in-app', state: 'sent' }));
    const notifications = await t.http.get('/notifications').query({ agreementId: a.id });
    expect(notifications.body.items).toHaveLength(1);
    const message = renderReminderMessage({
      ...japanMemorandumDelivery,
      channel: 'in-app',
      recipient: 'office',
      reminderId: claimed.id,
      kind: 'expiry',
      targetOn: '2027-06-30',
      today: '2027-01-01',
      daysLeft: 180,
      agreement: { id: a.id, reference: a.reference, titleEn: a.titleEn, titleTh: null, leadAgency: 'MDES' },
    });
    expect(notifications.body.items[0]).toMatchObject({ reminderId: claimed.id, kind: 'expiry', ...message });
    expect(notifications.body.items[0].bodyTh).toContain('30 มิถุนายน 2570'); // Buddhist Era

    await eventually(async () => {
      const fired = (await reminders(a.id)).find((r) => r.kind === 'expiry' && r.offsetDays === 180)!;
      expect(fired.state).toBe('sent');
      expect(fired.deliveries.map((d) => `${d.channel}:${d.state}`).sort()).toEqual([
        'email:sent',
        'in-app:sent',
        'webhook:sent',
      ]);
    });
    const mail = smtp.mails.find((m) => m.to.includes('officer@mdes.go.th'));
    expect(mail).toBeDefined();
    const hook = receiver.hooks.find((h) => JSON.parse(h.body).reminderId === claimed.id);
    expect(hook?.headers['x-mou-event']).toBe('expiry');
    expect((await t.http.get('/notifications').query({ agreementId: a.id })).body.items).toHaveLength(1);

    // Only email and webhook deliveries went through Redis: no job names an in-app delivery.
    const queue = worker.app.get(ReminderQueues).forJob(JobName.DeliverReminder);
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    const queued: Array<{ channel: string; n: number }> = await t.dataSource.query(
      `SELECT channel, count(*)::int AS n FROM reminder_delivery WHERE id = ANY($1) GROUP BY channel ORDER BY channel`,
      [jobs.map((job) => job.data.deliveryId)],
    );
    expect(queued.map((q) => q.channel)).toEqual(['email', 'webhook']);
  });

  it('never sends a reminder twice, however often the scan runs', async () => {
    const sentBefore = receiver.hooks.length;
    const notifiedBefore = (await t.http.get('/notifications').query({ limit: 100 })).body.total;
    await Promise.all([worker.scan(), worker.scan()]);
    await worker.scan();
    // Whatever those scans handed to the queue has run once nothing is waiting or running.
    const queue = worker.app.get(ReminderQueues).forJob(JobName.DeliverReminder);
    await eventually(async () =>
      expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 }),
    );
    expect(receiver.hooks.length).toBe(sentBefore);
    const ids = receiver.hooks.map((h) => h.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await t.http.get('/notifications').query({ limit: 100 })).body.total).toBe(notifiedBefore);
    const [{ twice }] = await t.dataSource.query(
      'SELECT count(*)::int AS twice FROM (SELECT reminder_id FROM notification GROUP BY 1 HAVING count(*) > 1) n',
    );
    expect(twice).toBe(0);
  });

  it('marks a reminder failed after its tries, and sends it again on retry', async () => {
    const failing = await startWebhookReceiver(() => ({ status: 500 }));
    const hook = await t
      .as('admin')
      .post('/webhooks')
      .send({ url: failing.url, events: ['expiry'] });
    t.clock.set(NOW);
    const a = await inForceUntil('2027-01-01', { reminderPolicy: { expiry: [36], notice: [] }, contacts: [] });
    t.clock.set('2026-11-26T02:00:00Z');
    await worker.scan();
    let failed: { id: string; state: string } | undefined;
    await eventually(async () => {
      failed = (await reminders(a.id)).find((r) => r.kind === 'expiry');
      expect(failed?.state).toBe('failed');
    });
    // Both tries (REMINDER_DELIVERY_ATTEMPTS=2) reached the receiver, as one delivery.
    expect(failing.attempts).toHaveLength(2);
    expect(new Set(failing.attempts.map((h) => h.deliveryId)).size).toBe(1);

    await t.as('admin').delete(`/webhooks/${hook.body.id}`).expect(204);
    const retried = await t.http.post(`/reminders/${failed!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.state).toBe('pending');
    await worker.scan();
    await eventually(async () => {
      const again = (await reminders(a.id)).find((r) => r.kind === 'expiry')!;
      expect(again.state).toBe('sent');
    });
    // The in-app notification went out at the first dispatch; the retry does not repeat it.
    expect((await t.http.get('/notifications').query({ agreementId: a.id })).body.items).toHaveLength(1);
    const twice = await t.http.post(`/reminders/${failed!.id}/retry`);
    expect(twice.status).toBe(409);
    await failing.close();
  });
});

describe('GET /reminders filters', () => {
  interface Listed {
    id: string;
    agreementId: string;
    milestoneId: string | null;
    kind: string;
    state: string;
    dueOn: string;
    fireAt: string;
    deliveries: Array<{ channel: string }>;
  }

  /** Every page of GET /reminders with these filters, walked by cursor. */
  async function everything(filters: Record<string, string> = {}): Promise<Listed[]> {
    const items: Listed[] = [];
    let cursor: string | null = null;
    do {
      const res = await t
        .as('auditor')
        .get('/reminders')
        .query({ ...filters, limit: 100, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('narrows by agreement, milestone, state, kind, channel and due dates, each alone and together', async () => {
    // Something in every state and on every channel: an agreement whose reminders are due
    // now (sent through all three channels), a milestone, and a cancelled plan.
    const due = await inForceUntil('2026-12-20', { noticeDays: 0, contacts: ['filters@mdes.go.th'] });
    const other = await inForceUntil('2027-09-30');
    const m = await t.http.post(`/agreements/${other.id}/milestones`).send({ title: 'Filters', dueOn: '2027-03-01' });
    expect(m.status).toBe(201);
    await t.http.patch(`/agreements/${other.id}`).send({ version: other.version, termMonths: 24 }).expect(200);
    await worker.scan();
    await eventually(async () => expect((await reminders(due.id, 'sent')).length).toBeGreaterThan(0));

    const all = await everything();
    const ids = (items: Listed[]) => items.map((r) => r.id).sort();
    const cases: Array<[Record<string, string>, (r: Listed) => boolean]> = [
      [{ agreementId: due.id }, (r) => r.agreementId === due.id],
      [{ milestoneId: m.body.id }, (r) => r.milestoneId === m.body.id],
      [{ state: 'sent' }, (r) => r.state === 'sent'],
      [{ state: 'cancelled' }, (r) => r.state === 'cancelled'],
      [{ kind: 'notice-deadline' }, (r) => r.kind === 'notice-deadline'],
      [{ kind: 'milestone-due' }, (r) => r.kind === 'milestone-due'],
      [{ channel: 'webhook' }, (r) => r.deliveries.some((d) => d.channel === 'webhook')],
      [{ channel: 'email' }, (r) => r.deliveries.some((d) => d.channel === 'email')],
      [{ dueFrom: '2027-03-01' }, (r) => r.dueOn >= '2027-03-01'],
      [{ dueTo: '2027-03-01' }, (r) => r.dueOn <= '2027-03-01'], // the milestone's own day: both bounds are inclusive
      [
        { agreementId: other.id, state: 'pending', kind: 'expiry', dueFrom: '2028-01-01', dueTo: '2028-12-31' },
        (r) =>
          r.agreementId === other.id &&
          r.state === 'pending' &&
          r.kind === 'expiry' &&
          r.dueOn >= '2028-01-01' &&
          r.dueOn <= '2028-12-31',
      ],
    ];
    for (const [filters, wanted] of cases) {
      const expected = all.filter(wanted);
      // Each filter must matter here: it keeps some reminders and leaves others out.
      expect([filters, expected.length > 0 && expected.length < all.length]).toEqual([filters, true]);
      expect([filters, ids(await everything(filters))]).toEqual([filters, ids(expected)]);
      const first = await t
        .as('auditor')
        .get('/reminders')
        .query({ ...filters, limit: 1 });
      expect([filters, first.body.total]).toEqual([filters, expected.length]);
    }
  });

  it('refuses a filter it does not know the value of with 400 naming the field', async () => {
    for (const [field, value] of [
      ['state', 'gone'],
      ['kind', 'birthday'],
      ['channel', 'fax'],
      ['dueFrom', '2027-02-30'],
      ['agreementId', 'not-a-uuid'],
    ]) {
      const res = await t
        .as('auditor')
        .get('/reminders')
        .query({ [field]: value });
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
