import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { dispatchDueReminders, renderReminderMessage } from '../libs/reminders/src/index.js';
import { anAgreement } from './support/fixtures.js';
import { insertAgreement, insertMilestone } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let japan: string;
let korea: string;
let milestone: string;
let offset = 0;

const NOW = '2026-11-26T02:00:00Z';

beforeAll(async () => {
  t = await startTestApp(NOW);
  // Background records: the notifications below are seeded by hand against them.
  japan = (await insertAgreement(t)).id;
  korea = (await insertAgreement(t)).id;
  milestone = (await insertMilestone(t, japan)).id;
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

interface Seed {
  agreementId: string;
  kind?: string;
  milestoneId?: string | null;
  createdAt: string;
  readAt?: string | null;
}

/**
 * Writes what a scan would: a reminder, its in-app delivery and the notification (and,
 * given readAt, the manager's read mark). Each gets its own offset so the reminder slots
 * never collide.
 */
async function seed({ agreementId, kind = 'expiry', milestoneId = null, createdAt, readAt = null }: Seed) {
  offset += 1;
  const [row] = await t.dataSource.query(
    `WITH r AS (
       INSERT INTO reminder (agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at, state, sent_at)
       VALUES ($1, $2, $3, $4::int, '2027-03-31', '2027-03-31'::date - $4::int, $5, 'sent', $5) RETURNING id
     ),
     d AS (
       INSERT INTO reminder_delivery (reminder_id, channel, recipient, state, sent_at)
       SELECT id, 'in-app', 'office', 'sent', $5 FROM r RETURNING id, reminder_id
     ),
     n AS (
       INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind, subject_en, subject_th,
                                 body_en, body_th, target_on, created_at)
       SELECT d.id, d.reminder_id, $1, $2, $3, 'Subject ' || $4::int, 'หัวเรื่อง ' || $4::int, 'Body', 'เนื้อความ', '2027-03-31', $5
         FROM d
       RETURNING id
     ),
     m AS (
       INSERT INTO notification_read (user_id, notification_id, read_at)
       SELECT $7::uuid, id, $6::timestamptz FROM n WHERE $6::timestamptz IS NOT NULL
     )
     SELECT id FROM n`,
    [agreementId, milestoneId, kind, offset, createdAt, readAt, t.users.manager.id],
  );
  return row.id as string;
}

describe('the in-app notification list', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.oldest = await seed({ agreementId: japan, createdAt: '2026-11-01T02:00:00Z' });
    ids.read = await seed({
      agreementId: japan,
      kind: 'notice-deadline',
      createdAt: '2026-11-02T02:00:00Z',
      readAt: '2026-11-03T01:00:00Z',
    });
    // Two at the same instant: the id breaks the tie, so paging neither skips nor repeats.
    ids.tieA = await seed({ agreementId: korea, createdAt: '2026-11-03T02:00:00.123456Z' });
    ids.tieB = await seed({ agreementId: korea, createdAt: '2026-11-03T02:00:00.123456Z' });
    ids.milestone = await seed({
      agreementId: japan,
      kind: 'milestone-due',
      milestoneId: milestone,
      createdAt: '2026-11-04T02:00:00Z',
    });
  });

  it('lists newest first with every field', async () => {
    const res = await t.http.get('/notifications');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.nextCursor).toBeNull();
    const [tieFirst, tieSecond] = [ids.tieA, ids.tieB].sort().reverse();
    expect(res.body.items.map((n: { id: string }) => n.id)).toEqual([
      ids.milestone,
      tieFirst,
      tieSecond,
      ids.read,
      ids.oldest,
    ]);
    expect(res.body.items[0]).toEqual({
      id: ids.milestone,
      reminderId: expect.any(String),
      agreementId: japan,
      milestoneId: milestone,
      kind: 'milestone-due',
      subjectEn: expect.stringMatching(/^Subject \d+$/),
      subjectTh: expect.stringMatching(/^หัวเรื่อง \d+$/),
      bodyEn: 'Body',
      bodyTh: 'เนื้อความ',
      targetOn: '2027-03-31',
      createdAt: '2026-11-04T02:00:00.000Z',
      readAt: null,
    });
  });

  it('pages by keyset without skipping or repeating rows at the same instant', async () => {
    const all = (await t.http.get('/notifications')).body.items.map((n: { id: string }) => n.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http.get('/notifications').query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(5);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((n: { id: string }) => n.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('filters by agreement, kind and read state, with totals to match', async () => {
    const get = async (query: Record<string, string>) =>
      (await t.http.get('/notifications').query(query).expect(200)).body;

    const korean = await get({ agreementId: korea });
    expect(korean.total).toBe(2);
    expect(korean.items.every((n: { agreementId: string }) => n.agreementId === korea)).toBe(true);

    const notices = await get({ kind: 'notice-deadline' });
    expect(notices.items.map((n: { id: string }) => n.id)).toEqual([ids.read]);

    expect((await get({ unread: 'false' })).items.map((n: { id: string }) => n.id)).toEqual([ids.read]);
    const unread = await get({ unread: 'true', agreementId: japan, limit: '1' });
    expect(unread.total).toBe(2);
    expect(unread.items.map((n: { id: string }) => n.id)).toEqual([ids.milestone]);
    const rest = await get({ unread: 'true', agreementId: japan, limit: '1', cursor: unread.nextCursor });
    expect(rest.items.map((n: { id: string }) => n.id)).toEqual([ids.oldest]);
    expect(rest.nextCursor).toBeNull();
  });

  it.each([
    [{ limit: '101' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ kind: 'sent' }, 'kind'],
    [{ unread: 'maybe' }, 'unread'],
    [{ agreementId: 'MOU-2017-0001' }, 'agreementId'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ sort: 'createdAt' }, 'sort'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const res = await t.http.get('/notifications').query(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('marking a notification read', () => {
  it('sets readAt once, at the office clock, and keeps it when marked again', async () => {
    const id = await seed({ agreementId: korea, kind: 'milestone-overdue', createdAt: '2026-11-20T02:00:00Z' });
    const first = await t.http.post(`/notifications/${id}/read`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, kind: 'milestone-overdue', readAt: '2026-11-26T02:00:00.000Z' });

    t.clock.set('2026-11-27T02:00:00Z');
    const again = await t.http.post(`/notifications/${id}/read`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const unread = await t.http.get('/notifications').query({ unread: 'true', kind: 'milestone-overdue' });
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
  });

  it('is each user’s own: others still see it unread, whatever their agency', async () => {
    t.clock.set('2026-11-26T02:00:00Z');
    const id = await seed({ agreementId: japan, kind: 'milestone-overdue', createdAt: '2026-11-21T02:00:00Z' });
    const unreadFor = async (user: 'manager' | 'officer' | 'otherOfficer') =>
      (
        await t.as(user).get('/notifications').query({ unread: 'true', kind: 'milestone-overdue' }).expect(200)
      ).body.items.map((n: { id: string }) => n.id);

    // An officer of another agency marks MDES's notification read: for themselves only.
    const marked = await t.as('otherOfficer').post(`/notifications/${id}/read`);
    expect(marked.status).toBe(200);
    expect(marked.body.readAt).toBe('2026-11-26T02:00:00.000Z');
    expect(await unreadFor('otherOfficer')).not.toContain(id);
    expect(await unreadFor('manager')).toContain(id);
    expect(await unreadFor('officer')).toContain(id);
    const seenByManager = (await t.http.get('/notifications').query({ kind: 'milestone-overdue' })).body.items;
    expect(seenByManager.find((n: { id: string }) => n.id === id).readAt).toBeNull();

    t.clock.set('2026-11-27T02:00:00Z');
    expect((await t.as('officer').post(`/notifications/${id}/read`)).body.readAt).toBe('2026-11-27T02:00:00.000Z');
    expect(await unreadFor('officer')).not.toContain(id);
    expect(await unreadFor('manager')).toContain(id);
  });

  it('is not for auditors, who change nothing', async () => {
    const id = await seed({ agreementId: japan, createdAt: '2026-11-22T02:00:00Z' });
    expect((await t.as('auditor').post(`/notifications/${id}/read`)).status).toBe(403);
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM notification_read WHERE notification_id = $1',
      [id],
    );
    expect(count).toBe(0);
  });

  it('answers 404 for an unknown notification and 400 for a malformed id', async () => {
    expect((await t.http.post('/notifications/00000000-0000-4000-8000-000000000000/read')).status).toBe(404);
    const malformed = await t.http.post('/notifications/42/read');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a uuid' }]);
  });
});

describe('a notification from a due reminder', () => {
  it('appears as soon as the scan claims the reminder, once, in English and Thai', async () => {
    t.clock.set('2026-11-26T02:00:00Z');
    const a = await t.http
      .post('/agreements')
      .send(
        anAgreement({
          titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัล',
          status: 'in-force',
          signedOn: '2026-02-01',
          effectiveOn: '2026-02-01',
          termMonths: 12,
          reminderPolicy: { expiry: [90], notice: [] },
        }),
      )
      .expect(201);
    expect(a.body.expiresOn).toBe('2027-01-31');
    const scan = () =>
      t.dataSource.transaction((tx) => dispatchDueReminders(tx, t.clock.now(), 500, { timeZone: 'Asia/Bangkok' }));

    await scan();
    const listed = async () => (await t.http.get('/notifications').query({ agreementId: a.body.id }).expect(200)).body;
    const first = await listed();
    expect(first.total).toBe(1);
    const [{ reminder_id: reminderId }] = await t.dataSource.query(
      `SELECT reminder_id FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
        WHERE r.agreement_id = $1 AND d.channel = 'in-app'`,
      [a.body.id],
    );
    const message = renderReminderMessage({
      deliveryId: 'in-app',
      reminderId,
      channel: 'in-app',
      recipient: 'office',
      webhook: null,
      kind: 'expiry',
      targetOn: '2027-01-31',
      today: '2026-11-26',
      daysLeft: 66,
      agreement: {
        id: a.body.id,
        reference: a.body.reference,
        titleEn: a.body.titleEn,
        titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัล',
        leadAgency: 'MDES',
      },
      milestone: null,
    });
    expect(first.items[0]).toEqual({
      id: expect.any(String),
      reminderId,
      agreementId: a.body.id,
      milestoneId: null,
      kind: 'expiry',
      ...message,
      targetOn: '2027-01-31',
      createdAt: expect.any(String),
      readAt: null,
    });
    expect(first.items[0].subjectTh).toBe(
      `แจ้งเตือน: ${a.body.reference} – วันสิ้นสุดการมีผลบังคับใช้ วันที่ 31 มกราคม 2570 (เหลืออีก 66 วัน)`,
    );
    expect(first.items[0].subjectEn).toBe(
      `Reminder: ${a.body.reference} – last day in force 31 January 2027 (66 days left)`,
    );

    await Promise.all([scan(), scan()]);
    t.clock.set('2026-11-27T02:00:00Z');
    await scan();
    expect((await listed()).items.map((n: { id: string }) => n.id)).toEqual([first.items[0].id]);
  });
});
