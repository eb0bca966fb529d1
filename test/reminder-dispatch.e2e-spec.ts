import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import {
  claimDeliveriesToEnqueue,
  type DeliveryContext,
  dispatchDueReminders,
  ReminderDeliverer,
  renderReminderMessage,
  scanDueReminders,
} from '../libs/reminders/src/index.js';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/test-worker.js';

/**
 * Dispatch straight against PostgreSQL, no queue: in-app notifications are written with
 * the claim, scans that overlap never write one twice, and a delivery's outcome settles
 * its reminder even when its siblings finish at the same moment.
 */

// The office clock: 26 Nov 2026, 09:00 in Bangkok (02:00 UTC).
const NOW = '2026-11-26T02:00:00Z';
const TODAY = '2026-11-26';
const ZONE = 'Asia/Bangkok';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(NOW);
});

afterAll(async () => {
  await t?.close();
});

interface Agreement {
  id: string;
  reference: string;
  titleEn: string;
  titleTh?: string | null;
  leadAgency: string;
  expiresOn: string;
}

/** An agreement in force until 2026-12-20 whose one reminder (expiry, 30 days before) is due now. */
async function dueAgreement(extra: Record<string, unknown> = {}): Promise<Agreement> {
  const res = await t.http.post('/agreements').send(
    anAgreement({
      status: 'in-force',
      signedOn: '2025-12-21',
      effectiveOn: '2025-12-21',
      termMonths: 12,
      reminderPolicy: { expiry: [30], notice: [] },
      contacts: [],
      ...extra,
    }),
  );
  expect(res.status).toBe(201);
  expect(res.body.expiresOn).toBe('2026-12-20');
  return res.body as Agreement;
}

function dispatch(batch = 500, render?: (context: DeliveryContext) => ReturnType<typeof renderReminderMessage>) {
  return t.dataSource.transaction((tx) => dispatchDueReminders(tx, t.clock.now(), batch, { timeZone: ZONE, render }));
}

/** What PostgreSQL holds for an agreement's reminders: each with its deliveries and notifications. */
async function recorded(agreementIds: string[]) {
  const rows: Array<{
    id: string;
    agreement_id: string;
    state: string;
    dispatched: boolean;
    last_error: string | null;
    deliveries: Array<{ id: string; channel: string; state: string; attempts: number; sent: boolean }>;
    notifications: number;
  }> = await t.dataSource.query(
    `SELECT r.id, r.agreement_id, r.state, r.dispatched_at IS NOT NULL AS dispatched, r.last_error,
            coalesce((SELECT json_agg(json_build_object('id', d.id, 'channel', d.channel, 'state', d.state,
                                                        'attempts', d.attempts, 'sent', d.sent_at IS NOT NULL)
                                      ORDER BY d.channel, d.recipient)
                        FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries,
            (SELECT count(*) FROM notification n WHERE n.reminder_id = r.id)::int AS notifications
       FROM reminder r WHERE r.agreement_id = ANY($1) AND r.state <> 'cancelled' AND r.fire_at <= $2
      ORDER BY r.agreement_id`,
    [agreementIds, t.clock.now()],
  );
  return rows;
}

describe('dispatch writes in-app notifications itself', () => {
  it('writes the notification, in English and Thai, in the transaction that claims the reminder', async () => {
    const a = await dueAgreement({ titleTh: 'บันทึกความเข้าใจทดสอบ' });
    expect(await dispatch()).toBeGreaterThanOrEqual(1);

    const [reminder] = await recorded([a.id]);
    // In-app was its only delivery: sent at once, and the reminder with it; nothing for a queue.
    expect(reminder).toMatchObject({
      state: 'sent',
      dispatched: true,
      deliveries: [{ channel: 'in-app', state: 'sent', attempts: 1, sent: true }],
      notifications: 1,
    });
    expect(await claimDeliveriesToEnqueue(t.dataSource.manager, t.clock.now(), 120, 100)).toEqual([]);

    const listed = await t.http.get('/notifications').query({ agreementId: a.id });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const expected = renderReminderMessage({
      deliveryId: reminder.deliveries[0].id,
      reminderId: reminder.id,
      channel: 'in-app',
      recipient: 'office',
      webhook: null,
      kind: 'expiry',
      targetOn: '2026-12-20',
      today: TODAY,
      daysLeft: 24,
      agreement: {
        id: a.id,
        reference: a.reference,
        titleEn: a.titleEn,
        titleTh: 'บันทึกความเข้าใจทดสอบ',
        leadAgency: 'MDES',
      },
      milestone: null,
    });
    expect(listed.body.items[0]).toMatchObject({
      reminderId: reminder.id,
      agreementId: a.id,
      kind: 'expiry',
      targetOn: '2026-12-20',
      readAt: null,
      ...expected,
    });
    expect(listed.body.items[0].subjectEn).toContain('24 days left');
    expect(listed.body.items[0].bodyTh).toContain('20 ธันวาคม 2569'); // Buddhist Era
  });

  it('writes the notifications of a whole batch in one statement, each in English and Thai', async () => {
    const thai = await dueAgreement({ titleTh: 'บันทึกความเข้าใจชุดที่หนึ่ง' });
    const englishOnly = await dueAgreement({ titleEn: 'Batch memorandum without a Thai title' });
    const third = await dueAgreement({ titleTh: 'บันทึกความเข้าใจชุดที่สาม' });
    const { result, queries } = await t.countQueries(() => dispatch());
    expect(result).toBeGreaterThanOrEqual(3);
    // The claim, then one INSERT for every notification of the batch (and the transaction around them).
    const statements = queries.filter((sql) => !/^(START TRANSACTION|BEGIN|COMMIT)/.test(sql));
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^INSERT INTO notification/);

    const written = await t.dataSource.query(
      `SELECT agreement_id, subject_en, subject_th, body_en, body_th FROM notification
        WHERE agreement_id = ANY($1) ORDER BY agreement_id`,
      [[thai.id, englishOnly.id, third.id]],
    );
    expect(written).toHaveLength(3);
    const of = (id: string) => written.find((n: { agreement_id: string }) => n.agreement_id === id);
    for (const a of [thai, englishOnly, third]) {
      expect(of(a.id).subject_en).toContain('(24 days left)');
      expect(of(a.id).subject_th).toContain('เหลืออีก 24 วัน');
      expect(of(a.id).body_th).toContain('20 ธันวาคม 2569');
      expect(of(a.id).body_en).toContain(a.titleEn);
    }
    expect(of(thai.id).body_th).toContain('บันทึกความเข้าใจชุดที่หนึ่ง');
    // Without a Thai title the Thai text names the agreement by its English one.
    expect(of(englishOnly.id).body_th).toContain(`${englishOnly.reference} Batch memorandum without a Thai title`);
  });

  it('leaves email and webhook deliveries pending for the queue, and the reminder with them', async () => {
    const a = await dueAgreement({ contacts: ['Desk@MDES.go.th'] });
    await dispatch();
    const [reminder] = await recorded([a.id]);
    expect(reminder.state).toBe('pending');
    expect(reminder.deliveries.map((d) => `${d.channel}:${d.state}`)).toEqual(['email:pending', 'in-app:sent']);
    expect(reminder.notifications).toBe(1);
    const queued = await t.dataSource.transaction((tx) => claimDeliveriesToEnqueue(tx, t.clock.now(), 120, 100));
    expect(queued.map((d) => d.id)).toEqual([reminder.deliveries[0].id]);
  });

  it('counts the days left from the office date at the scan, not the server’s', async () => {
    const a = await dueAgreement();
    // 23:30 on 25 Nov in UTC is already 06:30 on 26 Nov in Bangkok: 24 days before 20 Dec, not 25.
    await t.dataSource.transaction((tx) =>
      dispatchDueReminders(tx, new Date('2026-11-25T23:30:00Z'), 500, { timeZone: ZONE }),
    );
    const listed = await t.http.get('/notifications').query({ agreementId: a.id });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].subjectEn).toContain('(24 days left)');
    expect(listed.body.items[0].subjectTh).toContain('เหลืออีก 24 วัน');
  });
});

describe('scans at the same time', () => {
  it('never write two notifications for one reminder, however the scans overlap', async () => {
    const agreements = await Promise.all(Array.from({ length: 40 }, () => dueAgreement()));
    const ids = agreements.map((a) => a.id);
    // Four workers scanning at once, in small batches so their claims interleave.
    const scans = await Promise.all(
      Array.from({ length: 4 }, () =>
        scanDueReminders(
          t.dataSource,
          t.clock.now(),
          { batch: 3, requeueAfterSeconds: 120, timeZone: ZONE },
          async () => undefined,
        ),
      ),
    );
    expect(scans.reduce((sum, scan) => sum + scan.dispatched, 0)).toBeGreaterThanOrEqual(40);
    const reminders = await recorded(ids);
    expect(reminders).toHaveLength(40);
    for (const reminder of reminders) {
      expect(reminder).toMatchObject({ state: 'sent', notifications: 1 });
      expect(reminder.deliveries).toHaveLength(1);
    }
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM notification WHERE agreement_id = ANY($1)',
      [ids],
    );
    expect(n).toBe(40);
  });

  it('skip what another scan has claimed and not committed, and take what it rolled back', async () => {
    const agreements = await Promise.all(Array.from({ length: 5 }, () => dueAgreement()));
    const ids = agreements.map((a) => a.id);
    const notifications = async () =>
      (await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE agreement_id = ANY($1)', [ids]))[0]
        .n as number;

    // A scan that claims them and then fails: claim and notifications go together.
    const failing = t.dataSource.createQueryRunner();
    await failing.connect();
    await failing.startTransaction();
    expect(await dispatchDueReminders(failing.manager, t.clock.now(), 500, { timeZone: ZONE })).toBeGreaterThanOrEqual(
      5,
    );
    expect(await dispatch()).toBe(0); // the other scan finds them locked and skips them
    await failing.rollbackTransaction();
    await failing.release();
    expect(await notifications()).toBe(0);
    expect((await recorded(ids)).every((r) => r.state === 'pending' && !r.dispatched)).toBe(true);

    // A scan that claims them and is slow to commit: the other one waits for nothing and takes nothing.
    const slow = t.dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    expect(await dispatchDueReminders(slow.manager, t.clock.now(), 500, { timeZone: ZONE })).toBe(5);
    expect(await dispatch()).toBe(0);
    await slow.commitTransaction();
    await slow.release();
    expect(await dispatch()).toBe(0);
    expect(await notifications()).toBe(5);
    for (const reminder of await recorded(ids)) expect(reminder).toMatchObject({ state: 'sent', notifications: 1 });
  });
});

describe('a reminder cancelled and planned again', () => {
  it('is dispatched again without a second notification, and settles on its revived email', async () => {
    const a = await dueAgreement({ contacts: ['desk@mdes.go.th'] });
    await dispatch();
    const [first] = await recorded([a.id]);
    expect(first.deliveries.map((d) => `${d.channel}:${d.state}`)).toEqual(['email:pending', 'in-app:sent']);

    // The term grows (the reminder is cancelled), its email job finds it so, then the term is put back.
    const current = (await t.http.get(`/agreements/${a.id}`)).body;
    const longer = await t.http.patch(`/agreements/${a.id}`).send({ version: current.version, termMonths: 24 });
    expect(longer.status).toBe(200);
    const deliverer = new ReminderDeliverer(t.dataSource, noChannels, renderReminderMessage, () => TODAY, 60);
    expect(await deliverer.deliver(first.deliveries[0].id, false)).toBe('cancelled');
    const back = await t.http.patch(`/agreements/${a.id}`).send({ version: longer.body.version, termMonths: 12 });
    expect(back.status).toBe(200);

    expect(await dispatch()).toBeGreaterThanOrEqual(1);
    const [again] = await recorded([a.id]);
    expect(again).toMatchObject({ id: first.id, state: 'pending', dispatched: true, notifications: 1 });
    expect(again.deliveries.map((d) => `${d.channel}:${d.state}`)).toEqual(['email:pending', 'in-app:sent']);
    const sent: string[] = [];
    const mailing = new ReminderDeliverer(
      t.dataSource,
      { ...noChannels, email: { send: async (context) => void sent.push(context.recipient) } },
      renderReminderMessage,
      () => TODAY,
      60,
    );
    expect(await mailing.deliver(again.deliveries[0].id, false)).toBe('sent');
    expect(sent).toEqual(['desk@mdes.go.th']);
    expect((await recorded([a.id]))[0]).toMatchObject({ state: 'sent', notifications: 1 });
  });
});

describe('a notification that cannot be written at dispatch', () => {
  it('fails alone, without holding the batch back, and goes through the queue on retry', async () => {
    const [broken, fine] = [await dueAgreement(), await dueAgreement()];
    const render = (context: DeliveryContext) => {
      if (context.agreement.id === broken.id) throw new Error('cannot render this one');
      return renderReminderMessage(context);
    };
    await dispatch(500, render);
    const byAgreement = new Map((await recorded([broken.id, fine.id])).map((r) => [r.agreement_id, r]));
    expect(byAgreement.get(fine.id)).toMatchObject({ state: 'sent', notifications: 1 });
    const failed = byAgreement.get(broken.id)!;
    expect(failed).toMatchObject({
      state: 'failed',
      last_error: 'cannot render this one',
      notifications: 0,
      deliveries: [{ channel: 'in-app', state: 'failed', sent: false }],
    });

    const retried = await t.http.post(`/reminders/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.state).toBe('pending');
    const queued = await t.dataSource.transaction((tx) => claimDeliveriesToEnqueue(tx, t.clock.now(), 120, 100));
    expect(queued).toEqual([{ id: failed.deliveries[0].id, requeue: false, round: 1 }]);

    const deliverer = new ReminderDeliverer(t.dataSource, noChannels, renderReminderMessage, () => TODAY, 60);
    expect(await deliverer.deliver(failed.deliveries[0].id, false)).toBe('sent');
    expect(await deliverer.deliver(failed.deliveries[0].id, false)).toBe('already-done');
    const [after] = await recorded([broken.id]);
    expect(after).toMatchObject({ state: 'sent', notifications: 1 });
    expect(await dispatch()).toBe(0); // a retry is the queue's, not another dispatch
  });
});

const noChannels = {
  email: { send: () => Promise.reject(new Error('no email here')) },
  webhook: { send: () => Promise.reject(new Error('no webhook here')) },
};

describe('settling a reminder from its deliveries', () => {
  /** A deliverer whose email channel fails for addresses starting with "fail", recording the statements it sends. */
  function deliverer() {
    const pool = (t.dataSource.driver as PostgresDriver).master as Pool;
    const statements: string[] = [];
    const spy = {
      query: (config: QueryConfig) => {
        statements.push(config.name ?? 'unnamed');
        return pool.query(config);
      },
    };
    const email = {
      send: async (context: DeliveryContext) => {
        if (context.recipient.startsWith('fail')) throw new Error(`mailbox ${context.recipient} refused`);
      },
    };
    const db = { driver: { master: spy } } as unknown as DataSource;
    return {
      statements,
      deliverer: new ReminderDeliverer(db, { ...noChannels, email }, renderReminderMessage, () => TODAY, 60),
    };
  }

  async function twoEmails(contacts: string[]) {
    const a = await dueAgreement({ contacts });
    await dispatch();
    const [reminder] = await recorded([a.id]);
    const emails = reminder.deliveries.filter((d) => d.channel === 'email').map((d) => d.id);
    expect(emails).toHaveLength(2);
    return { a, reminder, emails };
  }

  it('settles on the last delivery without a second look when the deliveries finish one after the other', async () => {
    const { a, emails } = await twoEmails(['one@mdes.go.th', 'two@mdes.go.th']);
    const { deliverer: d, statements } = deliverer();
    expect(await d.deliver(emails[0], false)).toBe('sent');
    expect((await recorded([a.id]))[0].state).toBe('pending');
    expect(await d.deliver(emails[1], false)).toBe('sent');
    expect((await recorded([a.id]))[0].state).toBe('sent');
    expect(statements).toEqual([
      'mou_delivery_load_and_claim_batch',
      'mou_delivery_finish_batch',
      'mou_delivery_load_and_claim_batch',
      'mou_delivery_finish_batch',
    ]);
  });

  it.each([
    [['one@mdes.go.th', 'two@mdes.go.th'], 'sent'],
    [['one@mdes.go.th', 'fail@mdes.go.th'], 'failed'],
  ])('settles %j as %s from one statement when one worker finishes both together', async (contacts, settled) => {
    const { a, emails } = await twoEmails(contacts);
    const { deliverer: d, statements } = deliverer();
    await Promise.allSettled(emails.map((id) => d.deliver(id, true)));
    const [after] = await recorded([a.id]);
    expect(after.state).toBe(settled);
    expect(after.deliveries.map((delivery) => delivery.state).sort()).toEqual(
      settled === 'sent' ? ['sent', 'sent', 'sent'] : ['failed', 'sent', 'sent'],
    );
    // Both deliveries were read in one statement and recorded in another.
    expect(statements).toEqual(['mou_delivery_load_and_claim_batch', 'mou_delivery_finish_batch']);
  });

  it.each([
    [['one@mdes.go.th', 'two@mdes.go.th'], 'sent'],
    [['one@mdes.go.th', 'fail@mdes.go.th'], 'failed'],
  ])('settles %j as %s when two workers finish them at the same moment', async (contacts, settled) => {
    const { a, reminder, emails } = await twoEmails(contacts);
    const workers = [deliverer(), deliverer()];
    // Hold the reminder row so both finishes start before either commits, then let go.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM reminder WHERE id = $1 FOR UPDATE', [reminder.id]);
    const both = Promise.allSettled(emails.map((id, i) => workers[i].deliverer.deliver(id, true)));
    await eventually(async () => {
      const [{ waiting }] = await t.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%reminder_delivery%'`,
      );
      expect(waiting).toBe(2);
    });
    await holder.commitTransaction();
    await holder.release();
    const outcomes = await both;
    expect(outcomes.map((o) => o.status).sort()).toEqual(
      settled === 'sent' ? ['fulfilled', 'fulfilled'] : ['fulfilled', 'rejected'],
    );

    const [after] = await recorded([a.id]);
    expect(after.state).toBe(settled);
    if (settled === 'failed') expect(after.last_error).toBe('mailbox fail@mdes.go.th refused');
    // The second to commit saw the reminder row change under it, and looked again: a
    // third finish statement, carrying no outcome.
    const statements = workers.flatMap((w) => w.statements);
    expect(statements.filter((s) => s === 'mou_delivery_finish_batch')).toHaveLength(3);
  });
});
