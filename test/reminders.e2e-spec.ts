import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  t = await startTestApp(NOW);
  worker = await startTestWorker(t.clock);
  const hook = await t.http
    .post('/webhooks')
    .send({ url: receiver.url, events: ['expiry', 'notice-deadline', 'milestone-due', 'milestone-overdue'] });
  expect(hook.status).toBe(201);
});

afterAll(async () => {
  await worker?.close();
  await t?.close();
  await smtp?.close();
  await receiver?.close();
  delete process.env.SMTP_URL;
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
  return res.body as { id: string; reference: string; noticeDeadline: string; version: number };
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

  it('cancels every pending reminder of an archived or terminated agreement', async () => {
    const a = await inForceUntil('2027-12-31');
    await t.http.post(`/agreements/${a.id}/status`).send({ to: 'terminated', version: a.version }).expect(200);
    expect(await reminders(a.id, 'pending')).toEqual([]);
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

    t.clock.set('2027-01-01T02:00:00Z');
    await worker.scan();
    await eventually(async () => {
      const fired = (await reminders(a.id)).find((r) => r.kind === 'expiry' && r.offsetDays === 180)!;
      expect(fired.state).toBe('sent');
      expect(fired.deliveries.map((d) => `${d.channel}:${d.state}`).sort()).toEqual([
        'email:sent',
        'in-app:sent',
        'webhook:sent',
      ]);
    });
    const fired = (await reminders(a.id)).find((r) => r.kind === 'expiry' && r.offsetDays === 180)!;

    const mail = smtp.mails.find((m) => m.to.includes('officer@mdes.go.th'));
    expect(mail).toBeDefined();
    const hook = receiver.hooks.find((h) => JSON.parse(h.body).reminderId === fired.id);
    expect(hook?.headers['x-mou-event']).toBe('expiry');
    const notifications = await t.http.get('/notifications').query({ agreementId: a.id });
    expect(notifications.body.items).toHaveLength(1);
    expect(notifications.body.items[0].bodyTh).toContain('30 มิถุนายน 2570'); // Buddhist Era
  });

  it('never sends a reminder twice, however often the scan runs', async () => {
    const sentBefore = receiver.hooks.length;
    await worker.scan();
    await worker.scan();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.hooks.length).toBe(sentBefore);
    const ids = receiver.hooks.map((h) => h.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
