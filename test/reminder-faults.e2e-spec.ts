import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { addCalendarDays } from '../libs/domain/src/index.js';
import { anAgreement } from './support/fixtures.js';
import { RedisProcess } from './support/redis-process.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { uniqueName } from './support/test-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/test-worker.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import { WorkerProcess } from './support/worker-process.js';

/**
 * Fault tests: real worker processes, a Redis of the test's own, a real SMTP sink and a
 * local webhook receiver. Each batch of agreements has two reminders due now (expiry and
 * notice, seven days out from a five-day horizon), each with in-app, email and webhook
 * deliveries: the scan writes the in-app ones (and their notifications) as it claims the
 * reminders, the queue carries the others.
 */
const CHANNELS = 3;
const DUE_PER_AGREEMENT = 2;

let t: TestApp;
let redis: RedisProcess;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let receiverMode: { status: number; delayMs: number } = { status: 200, delayMs: 0 };
const workers: WorkerProcess[] = [];
// Every worker of this file shares one queue namespace, as a deployment's workers do.
const prefix = uniqueName('faults');

beforeAll(async () => {
  redis = await RedisProcess.start();
  smtp = await startSmtpSink();
  receiver = await startWebhookReceiver(() => receiverMode);
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  t = await startTestApp(new Date().toISOString());
  await t
    .as('admin')
    .post('/webhooks')
    .send({ url: receiver.url, events: ['expiry', 'notice-deadline', 'milestone-due', 'milestone-overdue'] })
    .expect(201);
}, 60000);

// Each test starts its own workers; whatever it left running (a failed test too) stops here.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  receiverMode = { status: 200, delayMs: 0 };
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await t?.close();
  await smtp?.close();
  await receiver?.close();
  await redis?.stop();
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
});

function startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
  return WorkerProcess.start({
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    SMTP_URL: smtp.url,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    REMINDER_SCAN_EVERY_MS: '300',
    REMINDER_JOB_LOCK_MS: '2000',
    REMINDER_REQUEUE_AFTER_SECONDS: '5',
    REMINDER_DELIVERY_CONCURRENCY: '10',
    REMINDER_BACKOFF_MS: '200',
    REMINDER_DELIVERY_ATTEMPTS: '30',
    ...extra,
  }).then((worker) => {
    workers.push(worker);
    return worker;
  });
}

/** Agreements whose expiry and notice reminders are due now; contacts name the batch. */
async function dueBatch(tag: string, count: number): Promise<string[]> {
  const expiresOn = addCalendarDays(t.clock.today(), 5);
  const start = addCalendarDays(
    expiresOn.replace(/^(\d{4})/, (y) => String(Number(y) - 1)),
    1,
  );
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.http.post('/agreements').send(
      anAgreement({
        status: 'in-force',
        signedOn: start,
        effectiveOn: start,
        termMonths: 12,
        noticeDays: 0,
        contacts: [`${tag}@test.go.th`],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.expiresOn).toBe(expiresOn);
    ids.push(res.body.id);
  }
  return ids;
}

async function deliveryStates(ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ state: string; n: number }> = await t.dataSource.query(
    `SELECT d.state, count(*)::int AS n FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
      WHERE r.agreement_id = ANY($1) GROUP BY d.state`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function allSent(ids: string[], timeoutMs = 60000): Promise<void> {
  await eventually(
    async () => {
      expect(await deliveryStates(ids)).toEqual({ sent: ids.length * DUE_PER_AGREEMENT * CHANNELS });
    },
    timeoutMs,
    250,
  );
}

/** What each receiver got for this batch: total arrivals and distinct delivery ids. */
async function arrivals(tag: string, ids: string[]) {
  const wanted = new Set(ids);
  const hooks = receiver.hooks.filter((h) => wanted.has(JSON.parse(h.body).agreement.id)).map((h) => h.deliveryId);
  const mails = smtp.mails.filter((m) => m.to.includes(`${tag}@test.go.th`)).map((m) => m.deliveryId);
  const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE agreement_id = ANY($1)', [
    ids,
  ]);
  return {
    hooks: { total: hooks.length, distinct: new Set(hooks).size },
    mails: { total: mails.length, distinct: new Set(mails).size },
    notifications: n as number,
  };
}

describe('reminders survive faults', () => {
  it('delivers every due reminder once to each receiver after kill -9 of the worker mid-delivery', async () => {
    const ids = await dueBatch('kill9', 30);
    const expected = ids.length * DUE_PER_AGREEMENT;
    receiverMode = { status: 200, delayMs: 40 };
    const first = await startWorker();
    await eventually(() => expect(receiver.hooks.length).toBeGreaterThanOrEqual(10), 20000, 20);
    await first.stop('SIGKILL');
    const midway = await deliveryStates(ids);
    expect(midway.pending ?? 0).toBeGreaterThan(0); // the kill really landed mid-delivery
    // Every in-app notification was written when the reminders were claimed, before any webhook went out.
    expect((await arrivals('kill9', ids)).notifications).toBe(expected);

    await startWorker();
    await allSent(ids);
    const got = await arrivals('kill9', ids);
    expect(got.notifications).toBe(expected); // in-app is written with the claim: exactly once
    expect(got.hooks.distinct).toBe(expected);
    expect(got.mails.distinct).toBe(expected);
    // Webhooks and mail cross a network: a send that landed just before the kill, whose
    // "sent" mark did not, goes again with the same X-MOU-Delivery id for the receiver to
    // drop. At most the in-flight ones (concurrency 10 per channel) can repeat.
    expect(got.hooks.total - got.hooks.distinct).toBeLessThanOrEqual(10);
    expect(got.mails.total - got.mails.distinct).toBeLessThanOrEqual(10);
  }, 120000);

  it('lets in-flight deliveries finish on SIGTERM, loses none, and repeats none', async () => {
    const ids = await dueBatch('sigterm', 20);
    const expected = ids.length * DUE_PER_AGREEMENT;
    receiverMode = { status: 200, delayMs: 150 };
    const worker = await startWorker();
    await eventually(() => expect(receiver.hooks.length).toBeGreaterThan(0), 20000, 20);
    expect(await worker.stop('SIGTERM')).toEqual({ killed: false });
    const afterStop = await deliveryStates(ids);
    expect(afterStop.failed).toBeUndefined();

    receiverMode = { status: 200, delayMs: 0 };
    await startWorker();
    await allSent(ids);
    const got = await arrivals('sigterm', ids);
    expect(got).toEqual({
      hooks: { total: expected, distinct: expected },
      mails: { total: expected, distinct: expected },
      notifications: expected,
    });
  }, 120000);

  it('never duplicates with two workers running at once', async () => {
    const ids = await dueBatch('two', 30);
    const expected = ids.length * DUE_PER_AGREEMENT;
    receiverMode = { status: 200, delayMs: 5 };
    await Promise.all([startWorker(), startWorker()]);
    await allSent(ids);
    const got = await arrivals('two', ids);
    expect(got).toEqual({
      hooks: { total: expected, distinct: expected },
      mails: { total: expected, distinct: expected },
      notifications: expected,
    });
  }, 120000);

  it('still delivers everything pending after Redis loses all its data (FLUSHALL)', async () => {
    receiverMode = { status: 503, delayMs: 0 }; // receiver down: deliveries wait in Redis for a retry
    const ids = await dueBatch('flush', 10);
    const expected = ids.length * DUE_PER_AGREEMENT;
    await startWorker();
    // In-app is sent at dispatch, mail by the worker; the webhooks wait in Redis for a retry.
    await eventually(async () => expect((await deliveryStates(ids)).sent).toBe(expected * 2), 20000, 100);
    await redis.flushAll();
    receiverMode = { status: 200, delayMs: 0 };
    await allSent(ids, 30000);
    expect((await arrivals('flush', ids)).hooks.distinct).toBe(expected);
  }, 120000);

  // The kill -9 test above once left 2 deliveries pending for over a minute: the worker had
  // died between taking a scan and scheduling the next one (BullMQ does that in a call of
  // its own), so no scan ran, and nothing requeued the deliveries it had been sending.
  it.each(['die', 'fail'])(
    'keeps scanning when the worker that took a scan could not schedule the next one (%s)',
    async (mode) => {
      receiverMode = { status: 200, delayMs: 0 };
      const before = await startWorker();
      await before.stop('SIGTERM');
      const taker = spawn(process.execPath, ['test/support/scan-taker.js', redis.url, prefix, mode], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code, signal] = await once(taker, 'exit');
      expect(mode === 'die' ? signal : code).toBe(mode === 'die' ? 'SIGKILL' : 0);

      const ids = await dueBatch(`taker-${mode}`, 3);
      await startWorker();
      // Before, the scan came back only when BullMQ's stalled check (30 s) took the orphan over, or never.
      await allSent(ids, 20000);
    },
    60000,
  );

  it('resumes delivery by itself within 30 s after Redis restarts under a running worker', async () => {
    receiverMode = { status: 200, delayMs: 0 };
    const worker = await startWorker();
    await redis.stop();
    // Down long enough for the worker to notice (its connections fail), then back, empty.
    await eventually(() => expect(worker.log).toMatch(/ECONNREFUSED|Connection is closed/), 20000, 50);
    await redis.start(); // empty: nothing is kept on disk
    const restartedAt = Date.now();
    const ids = await dueBatch('restart', 5);
    await allSent(ids, 30000);
    expect(Date.now() - restartedAt).toBeLessThan(30000);
  }, 120000);
});
