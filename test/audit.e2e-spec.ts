import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { systemActor } from '../libs/domain/src/index.js';
import { auditHash } from '../libs/audit/src/index.js';
import { AuditService } from '../libs/audit/src/index.js';
import { aMilestone, anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The audit trail end to end: an event for every change (in the change's transaction),
 * the grants and trigger that keep it append-only, the hash chain that shows tampering,
 * and the routes that read it.
 */
let t: TestApp;

const USER_AGENT = 'audit-e2e/1.0 (jest)';
// A public address literal: the webhook URL policy judges it without DNS.
const publicUrl = 'https://93.184.216.34/audit-hooks';

const NOW = '2026-11-26T02:00:00Z';

beforeAll(async () => {
  t = await startTestApp(NOW);
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

type Caller = 'admin' | 'officer' | 'manager' | 'auditor';

interface AuditEvent {
  seq: number;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  prevHash: string;
  hash: string;
}

let requestCounter = 0;

/** A request as `caller`, with a user agent and a request id of our choosing. */
function send(caller: Caller, method: 'post' | 'patch' | 'delete', path: string, body?: object) {
  requestCounter += 1;
  const requestId = `audit-req-${requestCounter}`;
  const agent = t.as(caller);
  const req = agent[method](path)
    .set('User-Agent', USER_AGENT)
    .set('X-Request-Id', requestId)
    .send(body ?? {});
  return { req, requestId };
}

async function change(caller: Caller, method: 'post' | 'patch' | 'delete', path: string, body?: object) {
  const { req, requestId } = send(caller, method, path, body);
  const res = await req;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return { body: res.body, requestId, res };
}

async function trail(query: Record<string, unknown> = {}, caller: Caller = 'auditor') {
  const res = await t.as(caller).get('/audit-events').query(query);
  expect(res.status).toBe(200);
  return res.body as { items: AuditEvent[]; total: number; nextCursor: string | null };
}

/** The newest event about one record. */
async function lastEvent(entityId: string): Promise<AuditEvent> {
  const { items } = await trail({ entityId, limit: 1 });
  expect(items).toHaveLength(1);
  return items[0];
}

async function eventCount(): Promise<number> {
  const [{ n }] = await t.ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
  return n;
}

/** What verify answers for an untampered chain of `count` events. */
const whole = (count: number) => ({ valid: true, checked: count, invalidCount: 0, firstInvalid: null, invalid: [] });

async function verify() {
  const res = await t.as('auditor').get('/audit-events/verify');
  expect(res.status).toBe(200);
  return res.body as {
    valid: boolean;
    checked: number;
    invalidCount: number;
    firstInvalid: null | { seq: number; id: string; reason: string };
    invalid: Array<{ seq: number; id: string; reason: string }>;
  };
}

function expectActor(event: AuditEvent, caller: Caller, requestId: string) {
  expect(event.actorId).toBe(t.users[caller].id);
  expect(event.actorEmail).toBe(t.users[caller].email);
  expect(event.actorRole).toBe(t.users[caller].role);
  expect(event.requestId).toBe(requestId);
  expect(event.clientIp).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  expect(event.userAgent).toBe(USER_AGENT);
  expect(event.occurredAt).toBe(t.clock.now().toISOString());
  expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
}

async function newAgreement(overrides: Record<string, unknown> = {}, caller: Caller = 'officer') {
  return (await change(caller, 'post', '/agreements', anAgreement(overrides))).body;
}

describe('an event for every change, in the same transaction', () => {
  it('records an agreement created: who, from where, on which request, and the record as created', async () => {
    const { body, requestId } = await change(
      'officer',
      'post',
      '/agreements',
      anAgreement({ areas: ['cybersecurity'], summary: 'Cyber drills' }),
    );
    const event = await lastEvent(body.id);
    expect(event).toMatchObject({
      action: 'agreement.create',
      entityType: 'agreement',
      entityId: body.id,
      before: null,
      metadata: null,
    });
    expectActor(event, 'officer', requestId);
    expect(event.after).toEqual(body);
  });

  it('records the request id an error would quote: the X-Request-Id sent, else one Fastify generates', async () => {
    const created = await newAgreement();
    // The id a failed request quotes (body and header) is the X-Request-Id it was sent …
    const failed = await t
      .as('manager')
      .patch(`/agreements/${created.id}`)
      .set('X-Request-Id', 'quoted-by-the-user')
      .send({ version: 99, summary: 'stale' });
    expect(failed.status).toBe(409);
    expect(failed.body.requestId).toBe('quoted-by-the-user');
    expect(failed.headers['x-request-id']).toBe('quoted-by-the-user');
    // … and the same id sent with a change is the one its event carries.
    const ok = await t
      .as('manager')
      .patch(`/agreements/${created.id}`)
      .set('X-Request-Id', 'quoted-by-the-user')
      .send({ version: 1, summary: 'sent id' });
    expect(ok.status).toBe(200);
    expect((await lastEvent(created.id)).requestId).toBe('quoted-by-the-user');

    // Without one, each request gets a fresh uuid, in errors and in the trail alike.
    const refused = await t.as('manager').patch(`/agreements/${created.id}`).send({ version: 99 });
    expect(refused.body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await t.as('manager').patch(`/agreements/${created.id}`).send({ version: 2, summary: 'generated id' }).expect(200);
    const [create, , generated] = (await trail({ entityId: created.id })).items.reverse();
    expect(generated.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(generated.requestId).not.toBe(refused.body.requestId);
    expect(generated.requestId).not.toBe(create.requestId);
  });

  it('records an agreement update with only the changed fields, before and after', async () => {
    const created = await newAgreement({ termMonths: 60, areas: ['cybersecurity'] });
    const { body, requestId } = await change('manager', 'patch', `/agreements/${created.id}`, {
      version: 1,
      titleEn: 'Renamed agreement',
      termMonths: 36,
      areas: ['cybersecurity', 'workforce'],
    });
    const event = await lastEvent(created.id);
    expect(event.action).toBe('agreement.update');
    expectActor(event, 'manager', requestId);
    expect(event.before).toEqual({
      titleEn: created.titleEn,
      termMonths: 60,
      areas: ['cybersecurity'],
    });
    expect(event.after).toEqual({ titleEn: 'Renamed agreement', termMonths: 36, areas: body.areas });
    expect(event.after).not.toHaveProperty('version');
    expect(event.after).not.toHaveProperty('updatedAt');
  });

  it('records a lifecycle step as agreement.status, with from and to', async () => {
    const created = await newAgreement({ status: 'approved', cabinetApprovedOn: '2026-10-01' });
    const { requestId } = await change('officer', 'post', `/agreements/${created.id}/status`, {
      to: 'signed',
      version: 1,
      signedOn: '2026-11-20',
      signedPlace: 'Bangkok',
    });
    const event = await lastEvent(created.id);
    expect(event.action).toBe('agreement.status');
    expectActor(event, 'officer', requestId);
    expect(event.metadata).toEqual({ from: 'approved', to: 'signed' });
    expect(event.before).toEqual({ status: 'approved', signedOn: null, signedPlace: null });
    expect(event.after).toEqual({ status: 'signed', signedOn: '2026-11-20', signedPlace: 'Bangkok' });
  });

  it('records archiving and restoring an agreement', async () => {
    const created = await newAgreement();
    const archive = await change('manager', 'post', `/agreements/${created.id}/archive`, { version: 1 });
    const archived = await lastEvent(created.id);
    expect(archived.action).toBe('agreement.archive');
    expectActor(archived, 'manager', archive.requestId);
    expect(archived.before).toEqual({ archived: false, archivedAt: null });
    expect(archived.after).toEqual({ archived: true, archivedAt: archive.body.archivedAt });

    const restore = await change('officer', 'post', `/agreements/${created.id}/restore`, { version: 2 });
    const restored = await lastEvent(created.id);
    expect(restored.action).toBe('agreement.restore');
    expectActor(restored, 'officer', restore.requestId);
    expect(restored.before).toEqual({ archived: true, archivedAt: archive.body.archivedAt });
    expect(restored.after).toEqual({ archived: false, archivedAt: null });
  });

  it('records milestone create, update, archive and restore, each naming its agreement', async () => {
    const agreement = await newAgreement();
    const created = await change('officer', 'post', `/agreements/${agreement.id}/milestones`, aMilestone());
    const m = created.body;
    const onCreate = await lastEvent(m.id);
    expect(onCreate).toMatchObject({
      action: 'milestone.create',
      entityType: 'milestone',
      entityId: m.id,
      before: null,
      metadata: { agreementId: agreement.id },
    });
    expectActor(onCreate, 'officer', created.requestId);
    expect(onCreate.after).toEqual(m);

    const updated = await change('manager', 'patch', `/milestones/${m.id}`, {
      version: 1,
      status: 'done',
      completedOn: '2026-11-25',
    });
    const onUpdate = await lastEvent(m.id);
    expect(onUpdate.action).toBe('milestone.update');
    expectActor(onUpdate, 'manager', updated.requestId);
    expect(onUpdate.metadata).toEqual({ agreementId: agreement.id });
    expect(onUpdate.before).toEqual({ status: 'planned', storedStatus: 'planned', completedOn: null });
    expect(onUpdate.after).toEqual({ status: 'done', storedStatus: 'done', completedOn: '2026-11-25' });

    const archive = await change('officer', 'post', `/milestones/${m.id}/archive`, { version: 2 });
    const onArchive = await lastEvent(m.id);
    expect(onArchive.action).toBe('milestone.archive');
    expectActor(onArchive, 'officer', archive.requestId);
    expect(onArchive.metadata).toEqual({ agreementId: agreement.id });
    expect(onArchive.after).toEqual({ archived: true, archivedAt: archive.body.archivedAt });

    const restore = await change('officer', 'post', `/milestones/${m.id}/restore`, { version: 3 });
    const onRestore = await lastEvent(m.id);
    expect(onRestore.action).toBe('milestone.restore');
    expectActor(onRestore, 'officer', restore.requestId);
    expect(onRestore.before).toEqual({ archived: true, archivedAt: archive.body.archivedAt });
    expect(onRestore.after).toEqual({ archived: false, archivedAt: null });
  });

  it('records a webhook created without ever logging its secret, and its deletion once', async () => {
    const secret = 'a-receiver-chosen-secret-audit-0001';
    const created = await change('admin', 'post', '/webhooks', { url: publicUrl, events: ['expiry'], secret });
    expect(created.body.secret).toBe(secret);
    const onCreate = await lastEvent(created.body.id);
    expect(onCreate).toMatchObject({ action: 'webhook.create', entityType: 'webhook', entityId: created.body.id });
    expectActor(onCreate, 'admin', created.requestId);
    const { secret: _secret, ...withoutSecret } = created.body;
    expect(onCreate.after).toEqual(withoutSecret);
    expect(JSON.stringify(onCreate)).not.toContain(secret);
    const [stored] = await t.ownerQuery('SELECT row_to_json(e)::text AS row FROM audit_event e WHERE id = $1', [
      onCreate.id,
    ]);
    expect(stored.row).not.toContain(secret);

    // A generated secret stays out of the trail too.
    const generated = await change('admin', 'post', '/webhooks', { url: publicUrl, events: ['expiry'] });
    const [generatedRow] = await t.ownerQuery(
      "SELECT row_to_json(e)::text AS row FROM audit_event e WHERE entity_id = $1 AND action = 'webhook.create'",
      [generated.body.id],
    );
    expect(generatedRow.row).not.toContain(generated.body.secret);

    const removed = await change('admin', 'delete', `/webhooks/${created.body.id}`);
    const onDelete = await lastEvent(created.body.id);
    expect(onDelete.action).toBe('webhook.delete');
    expectActor(onDelete, 'admin', removed.requestId);
    expect(onDelete.before).toEqual({ deletedAt: null, deletedBy: null });
    expect(onDelete.after).toEqual({ deletedAt: t.clock.now().toISOString(), deletedBy: t.users.admin.email });

    // Deleting again changes nothing, so it adds no event.
    const before = await eventCount();
    await change('admin', 'delete', `/webhooks/${created.body.id}`);
    expect(await eventCount()).toBe(before);
  });

  it('records a cooperation area added to the taxonomy', async () => {
    const { body, requestId } = await change('admin', 'post', '/cooperation-areas', {
      code: 'space-audit',
      labelEn: 'Space technology',
      labelTh: 'เทคโนโลยีอวกาศ',
    });
    const event = await lastEvent('space-audit');
    expect(event).toMatchObject({
      action: 'cooperation-area.create',
      entityType: 'cooperation-area',
      entityId: 'space-audit',
      before: null,
      after: body,
    });
    expectActor(event, 'admin', requestId);
    // A duplicate is refused and leaves no event.
    const count = await eventCount();
    const duplicate = await send('admin', 'post', '/cooperation-areas', {
      code: 'space-audit',
      labelEn: 'Again',
      labelTh: 'ซ้ำ',
    }).req;
    expect(duplicate.status).toBe(409);
    expect(await eventCount()).toBe(count);
  });

  it('records a failed reminder sent again', async () => {
    const agreement = await newAgreement({
      status: 'in-force',
      signedOn: '2026-01-15',
      effectiveOn: '2026-01-15',
      termMonths: 24,
    });
    const [reminder] = await t.dataSource.query(
      'SELECT id, kind FROM reminder WHERE agreement_id = $1 ORDER BY fire_at LIMIT 1',
      [agreement.id],
    );
    expect(reminder).toBeDefined();
    await t.dataSource.query(`UPDATE reminder SET state = 'failed' WHERE id = $1`, [reminder.id]);

    const { requestId } = await change('manager', 'post', `/reminders/${reminder.id}/retry`);
    const event = await lastEvent(reminder.id);
    expect(event).toMatchObject({
      action: 'reminder.retry',
      entityType: 'reminder',
      entityId: reminder.id,
      before: { state: 'failed' },
      after: { state: 'pending' },
      metadata: { agreementId: agreement.id, milestoneId: null, kind: reminder.kind, deliveriesRequeued: [] },
    });
    expectActor(event, 'manager', requestId);
  });

  it('records marking a notification read, the first time only, as the reader', async () => {
    const agreement = await newAgreement();
    // What a scan writes for an in-app reminder: the reminder, its delivery, the notification.
    const [{ id }] = await t.ownerQuery<{ id: string }>(
      `WITH r AS (
         INSERT INTO reminder (agreement_id, kind, offset_days, target_on, due_on, fire_at, state, sent_at)
         VALUES ($1, 'expiry', 30, '2027-03-31', '2027-03-01', '2026-11-26T02:00:00Z', 'sent', '2026-11-26T02:00:00Z')
         RETURNING id),
       d AS (
         INSERT INTO reminder_delivery (reminder_id, channel, recipient, state, sent_at)
         SELECT id, 'in-app', 'office', 'sent', '2026-11-26T02:00:00Z' FROM r RETURNING id, reminder_id)
       INSERT INTO notification (delivery_id, reminder_id, agreement_id, kind, subject_en, subject_th, body_en, body_th,
                                 target_on, created_at)
       SELECT d.id, d.reminder_id, $1, 'expiry', 'S', 'S', 'B', 'B', '2027-03-31', '2026-11-26T02:00:00Z' FROM d
       RETURNING id`,
      [agreement.id],
    );
    const before = await eventCount();
    const { requestId } = await change('officer', 'post', `/notifications/${id}/read`);
    expect(await eventCount()).toBe(before + 1);
    const event = await lastEvent(id);
    expect(event).toMatchObject({
      action: 'notification.read',
      entityType: 'notification',
      entityId: id,
      before: null,
      after: { readAt: t.clock.now().toISOString() },
      metadata: { agreementId: agreement.id, kind: 'expiry' },
    });
    expectActor(event, 'officer', requestId);

    // Marking it again changes nothing and records nothing; nor does an unknown id.
    await change('officer', 'post', `/notifications/${id}/read`);
    expect((await t.http.post('/notifications/00000000-0000-4000-8000-000000000000/read')).status).toBe(404);
    expect(await eventCount()).toBe(before + 1);
  });
});

describe('the request id in the audit trail', () => {
  it('keeps a client X-Request-Id that looks like an id, and replaces any other with one of its own', async () => {
    const agreement = await newAgreement();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    let version = agreement.version;
    const cases: Array<[string, boolean]> = [
      ['4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', true],
      ['x'.repeat(129), false],
      ['id" OR 1=1 --', false],
      ['<script>alert(1)</script>', false],
      ['-leading-dash', false],
      ['a b', false],
    ];
    for (const [i, [sent, kept]] of cases.entries()) {
      const res = await t.http
        .patch(`/agreements/${agreement.id}`)
        .set('X-Request-Id', sent)
        .send({ version, summary: `request id ${i}` });
      expect(res.status).toBe(200);
      version = res.body.version;
      const used = res.headers['x-request-id'];
      if (kept) expect(used).toBe(sent);
      else expect(used).toMatch(uuid);
      expect((await lastEvent(agreement.id)).requestId).toBe(used);
    }
    // Refused requests answer with the id they were given a fresh one for, too.
    const refused = await t.http.patch(`/agreements/${agreement.id}`).set('X-Request-Id', 'y'.repeat(5000)).send({});
    expect(refused.status).toBe(400);
    expect(refused.body.requestId).toMatch(uuid);
    expect(refused.headers['x-request-id']).toBe(refused.body.requestId);
  });
});

describe('a change that rolls back leaves no event', () => {
  it('leaves no event when a PATCH fails on a constraint after it has already written', async () => {
    const taken = await newAgreement({ reference: 'MOU-2026-7001' });
    const target = await newAgreement({ areas: ['cybersecurity'] });
    const before = await eventCount();
    // The new areas are written first; then the taken reference fails the UPDATE (409).
    const res = await t.http
      .patch(`/agreements/${target.id}`)
      .send({ version: 1, areas: ['workforce'], reference: taken.reference });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE');
    expect(await eventCount()).toBe(before);
    const after = await t.http.get(`/agreements/${target.id}`);
    expect(after.body.areas).toEqual(['cybersecurity']);
    expect(after.body.version).toBe(1);
  });

  it('leaves no event when a create is refused', async () => {
    const before = await eventCount();
    const res = await t.http.post('/agreements').send(anAgreement({ areas: ['no-such-area'] }));
    expect(res.status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('writes the event in the caller’s transaction: rolled back with it', async () => {
    const audit = t.app.get(AuditService);
    const before = await eventCount();
    await expect(
      t.dataSource.transaction(async (tx) => {
        await audit.record(tx, systemActor('rollback-test'), {
          action: 'test.rollback',
          entityType: 'test',
          entityId: null,
        });
        const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'test.rollback'`);
        expect(n).toBe(1); // visible inside the transaction …
        throw new Error('change failed after the event was recorded');
      }),
    ).rejects.toThrow('change failed');
    expect(await eventCount()).toBe(before); // … and gone with it
  });

  it('records in a transaction of its own when given no transaction', async () => {
    const audit = t.app.get(AuditService);
    const before = await eventCount();
    await audit.record(t.dataSource.manager, systemActor('standalone'), {
      action: 'test.standalone',
      entityType: 'test',
      entityId: null,
      metadata: { note: 'no surrounding transaction' },
    });
    expect(await eventCount()).toBe(before + 1);
  });
});

describe('append-only: the application role and even the owner cannot rewrite the trail', () => {
  it('denies the application role UPDATE, DELETE and TRUNCATE', async () => {
    expect(await eventCount()).toBeGreaterThan(0);
    for (const sql of [`UPDATE audit_event SET action = 'x'`, 'DELETE FROM audit_event', 'TRUNCATE audit_event']) {
      await expect(t.dataSource.query(sql)).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '42501' }),
        message: expect.stringMatching(/permission denied for table audit_event/),
      });
    }
    const [grants] = await t.ownerQuery(
      `SELECT has_table_privilege('mou_app', 'audit_event', 'INSERT') AS can_insert,
              has_table_privilege('mou_app', 'audit_event', 'SELECT') AS can_select,
              has_table_privilege('mou_app', 'audit_event', 'UPDATE') AS can_update,
              has_table_privilege('mou_app', 'audit_event', 'DELETE') AS can_delete,
              has_table_privilege('mou_app', 'audit_event', 'TRUNCATE') AS can_truncate`,
    );
    expect(grants).toEqual({
      can_insert: true,
      can_select: true,
      can_update: false,
      can_delete: false,
      can_truncate: false,
    });
    const [{ user }] = await t.dataSource.query('SELECT current_user AS user');
    expect(user).toBe('mou_app');
  });

  it('refuses the owner too, through the trigger', async () => {
    for (const sql of [`UPDATE audit_event SET action = 'x'`, 'DELETE FROM audit_event', 'TRUNCATE audit_event']) {
      await expect(t.ownerQuery(sql)).rejects.toThrow(/audit_event is append-only/);
    }
    expect(await eventCount()).toBeGreaterThan(0);
  });
});

describe('reading the trail', () => {
  it('filters by entity, action, actor and time, newest first, in keyset pages with a total', async () => {
    t.clock.set('2026-12-01T01:00:00Z');
    const a = await newAgreement({}, 'officer');
    t.clock.set('2026-12-02T01:00:00Z');
    await change('manager', 'patch', `/agreements/${a.id}`, { version: 1, summary: 'one' });
    t.clock.set('2026-12-03T01:00:00Z');
    await change('officer', 'patch', `/agreements/${a.id}`, { version: 2, summary: 'two' });
    await change('manager', 'post', `/agreements/${a.id}/status`, { to: 'negotiating', version: 3 });
    t.clock.set('2026-11-26T02:00:00Z');

    const all = await trail({ entityType: 'agreement', entityId: a.id });
    expect(all.total).toBe(4);
    expect(all.items.map((e) => e.action)).toEqual([
      'agreement.status',
      'agreement.update',
      'agreement.update',
      'agreement.create',
    ]);
    expect(all.items.map((e) => e.seq)).toEqual([...all.items.map((e) => e.seq)].sort((x, y) => y - x));
    expect(all.nextCursor).toBeNull();

    // Two at a time: the same events, in the same order, and the total every time.
    const paged: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await trail({ entityId: a.id, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(4);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.items);

    const updates = await trail({ entityId: a.id, action: 'agreement.update' });
    expect(updates.items.map((e) => e.after)).toEqual([{ summary: 'two' }, { summary: 'one' }]);

    const byManager = await trail({ entityId: a.id, actorId: t.users.manager.id });
    expect(byManager.items.map((e) => e.action)).toEqual(['agreement.status', 'agreement.update']);
    expect(byManager.items.every((e) => e.actorEmail === t.users.manager.email)).toBe(true);

    const onTheSecond = await trail({ entityId: a.id, from: '2026-12-02T08:00:00+07:00', to: '2026-12-02T23:59:59Z' });
    expect(onTheSecond.items.map((e) => e.after)).toEqual([{ summary: 'one' }]);
    const fromTheSecond = await trail({ entityId: a.id, from: '2026-12-02T01:00:00.000Z' });
    expect(fromTheSecond.total).toBe(3);
    const untilTheSecond = await trail({ entityId: a.id, to: '2026-12-02T01:00:00Z' });
    expect(untilTheSecond.items.map((e) => e.action)).toEqual(['agreement.update', 'agreement.create']);

    const everything = await trail({ limit: 100 });
    expect(everything.total).toBe(await eventCount());
  });

  it('refuses malformed filters and cursors with 400', async () => {
    for (const query of [
      { from: '2026-12-02' },
      { to: '2026-12-02T01:00:00' },
      { from: '2026-02-30T01:00:00Z' },
      { actorId: 'not-a-uuid' },
      { limit: 101 },
      { cursor: 'garbage' },
      {
        cursor: Buffer.from(JSON.stringify(['-seq', 'drop table', '00000000-0000-4000-8000-000000000000'])).toString(
          'base64url',
        ),
      },
      { unknown: 'x' },
    ]) {
      const res = await t.as('auditor').get('/audit-events').query(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it("shows an agreement's history with its milestones', oldest first", async () => {
    const a = await newAgreement();
    const other = await newAgreement();
    const m1 = (await change('officer', 'post', `/agreements/${a.id}/milestones`, aMilestone())).body;
    await change('officer', 'post', `/agreements/${other.id}/milestones`, aMilestone());
    await change('manager', 'patch', `/agreements/${a.id}`, { version: 1, summary: 'history' });
    const m2 = (await change('officer', 'post', `/agreements/${a.id}/milestones`, aMilestone())).body;
    await change('officer', 'patch', `/milestones/${m1.id}`, { version: 1, status: 'in-progress' });
    await change('officer', 'post', `/milestones/${m2.id}/archive`, { version: 1 });
    await change('manager', 'post', `/agreements/${a.id}/status`, { to: 'negotiating', version: 2 });

    const res = await t.as('auditor').get(`/agreements/${a.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(7);
    expect(res.body.items.map((e: AuditEvent) => [e.action, e.entityId])).toEqual([
      ['agreement.create', a.id],
      ['milestone.create', m1.id],
      ['agreement.update', a.id],
      ['milestone.create', m2.id],
      ['milestone.update', m1.id],
      ['milestone.archive', m2.id],
      ['agreement.status', a.id],
    ]);
    const seqs = res.body.items.map((e: AuditEvent) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    for (const e of res.body.items as AuditEvent[]) {
      if (e.entityType === 'milestone') expect(e.metadata).toMatchObject({ agreementId: a.id });
    }

    // Pages oldest first too.
    const first = await t.as('auditor').get(`/agreements/${a.id}/history`).query({ limit: 4 });
    expect(first.body.items).toEqual(res.body.items.slice(0, 4));
    const second = await t
      .as('auditor')
      .get(`/agreements/${a.id}/history`)
      .query({ limit: 4, cursor: first.body.nextCursor });
    expect(second.body.items).toEqual(res.body.items.slice(4));
    expect(second.body.nextCursor).toBeNull();
    // A newest-first cursor is not accepted here, nor the reverse.
    const crossed = await t.as('auditor').get('/audit-events').query({ cursor: first.body.nextCursor });
    expect(crossed.status).toBe(400);
  });

  it('answers 404 for the history of no agreement, and 400 for an id that is not a uuid', async () => {
    const missing = await t.as('auditor').get('/agreements/00000000-0000-4000-8000-000000000000/history');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformed = await t.as('auditor').get('/agreements/nope/history');
    expect(malformed.status).toBe(400);
  });

  it('lets auditors, admins and managers read the trail; officers get 403 and strangers 401', async () => {
    const a = await newAgreement();
    const paths = ['/audit-events', '/audit-events/verify', `/agreements/${a.id}/history`];
    for (const path of paths) {
      for (const caller of ['auditor', 'admin', 'manager'] as const) {
        const res = await t.as(caller).get(path);
        expect({ path, caller, status: res.status }).toEqual({ path, caller, status: 200 });
      }
      const officer = await t.as('officer').get(path);
      expect({ path, status: officer.status }).toEqual({ path, status: 403 });
      const other = await t.as('otherOfficer').get(path);
      expect(other.status).toBe(403);
      const anonymous = await t.anonymous.get(path);
      expect(anonymous.status).toBe(401);
    }
  });
});

describe('the hash chain', () => {
  // Tampering tests put back what they changed; should one fail first, this puts back every
  // event as it was before the test, so the chain the next test starts from is whole.
  let before: Map<string, string>;
  beforeEach(async () => {
    const rows = await t.ownerQuery<{ seq: string; row: string }>(
      'SELECT seq, row_to_json(e)::text AS row FROM audit_event e',
    );
    before = new Map(rows.map((r) => [r.seq, r.row]));
  });
  afterEach(async () => {
    const now = await t.ownerQuery<{ seq: string; row: string }>(
      'SELECT seq, row_to_json(e)::text AS row FROM audit_event e',
    );
    const current = new Map(now.map((r) => [r.seq, r.row]));
    const changed = [...before].filter(([seq, row]) => current.get(seq) !== row);
    if (!changed.length) return;
    const original = `[${changed.map(([, row]) => row).join(',')}]`;
    await tamper('DELETE FROM audit_event WHERE seq = ANY($1::bigint[])', [changed.map(([seq]) => seq)]);
    await tamper(
      `INSERT INTO audit_event OVERRIDING SYSTEM VALUE
       SELECT * FROM json_populate_recordset(NULL::audit_event, $1::json)`,
      [original],
    );
  });

  it('verifies an untampered chain, counting every event', async () => {
    const result = await verify();
    expect(result).toEqual(whole(await eventCount()));
  });

  it('links each event to the one before it, the first to 64 zeros', async () => {
    const rows = await t.ownerQuery<{ seq: string; prev_hash: string; hash: string }>(
      'SELECT seq, prev_hash, hash FROM audit_event ORDER BY seq',
    );
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i += 1) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('stays one chain under concurrent writers', async () => {
    const before = await eventCount();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .as(i % 2 ? 'officer' : 'manager')
          .post('/agreements')
          .send(anAgreement()),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(await eventCount()).toBe(before + 12);
    expect(await verify()).toEqual(whole(before + 12));
  });

  it('walks a chain longer than one batch', async () => {
    const audit = t.app.get(AuditService);
    await t.dataSource.transaction(async (tx) => {
      for (let i = 0; i < 1050; i += 1) {
        await audit.record(tx, systemActor('bulk-test'), {
          action: 'test.bulk',
          entityType: 'test',
          entityId: String(i),
          after: { i, label: `event ${i}`, nested: { b: [i, null, true], a: 'x' } },
        });
      }
    });
    const count = await eventCount();
    expect(count).toBeGreaterThan(1050);
    expect(await verify()).toEqual(whole(count));
  });

  /** Runs SQL as the owner with the append-only trigger off, as an intruder with the owner's password could. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await t.ownerQuery('ALTER TABLE audit_event DISABLE TRIGGER tr_audit_event_append_only');
    try {
      await t.ownerQuery(sql, params);
    } finally {
      await t.ownerQuery('ALTER TABLE audit_event ENABLE TRIGGER tr_audit_event_append_only');
    }
  }

  /** An event in the middle of the chain, by position. */
  async function eventAt(position: number) {
    const [row] = await t.ownerQuery<{ seq: string; id: string; after: string | null; actor_email: string | null }>(
      'SELECT seq, id, after::text AS after, actor_email FROM audit_event ORDER BY seq OFFSET $1 LIMIT 1',
      [position],
    );
    return { seq: Number(row.seq), id: row.id, after: row.after, actorEmail: row.actor_email, position };
  }

  it('reports an edited event as a hash mismatch, at that event', async () => {
    const target = await eventAt(5);
    await tamper(`UPDATE audit_event SET after = '{"title":"forged"}' WHERE seq = $1`, [target.seq]);
    const edited = { seq: target.seq, id: target.id, reason: 'hash-mismatch' };
    expect(await verify()).toEqual({
      valid: false,
      checked: await eventCount(),
      invalidCount: 1,
      firstInvalid: edited,
      invalid: [edited],
    });

    // Put back exactly as it was, the chain checks out again.
    await tamper('UPDATE audit_event SET after = $2::jsonb WHERE seq = $1', [target.seq, target.after]);
    expect((await verify()).valid).toBe(true);
  });

  it('notices an instant moved by a single microsecond', async () => {
    const target = await eventAt(3);
    await tamper(`UPDATE audit_event SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = $1`, [
      target.seq,
    ]);
    expect((await verify()).firstInvalid).toEqual({ seq: target.seq, id: target.id, reason: 'hash-mismatch' });
    await tamper(`UPDATE audit_event SET occurred_at = occurred_at - interval '1 microsecond' WHERE seq = $1`, [
      target.seq,
    ]);
    expect((await verify()).valid).toBe(true);
  });

  it('reports a forged event whose own hash was recomputed as a broken link at the next event', async () => {
    const target = await eventAt(7);
    const next = await eventAt(8);
    const [row] = await t.ownerQuery<Record<string, unknown>>('SELECT * FROM audit_event WHERE seq = $1', [target.seq]);
    const forgedAfter = { title: 'forged, with a fresh hash' };
    const forgedHash = auditHash(row.prev_hash as string, {
      id: row.id as string,
      occurredAt: (row.occurred_at as Date).toISOString(),
      actorId: row.actor_id as string | null,
      actorEmail: row.actor_email as string | null,
      actorRole: row.actor_role as string | null,
      action: row.action as string,
      entityType: row.entity_type as string,
      entityId: row.entity_id as string | null,
      before: row.before,
      after: forgedAfter,
      metadata: row.metadata,
      requestId: row.request_id as string | null,
      clientIp: row.client_ip as string | null,
      userAgent: row.user_agent as string | null,
    });
    await tamper('UPDATE audit_event SET after = $2::jsonb, hash = $3 WHERE seq = $1', [
      target.seq,
      JSON.stringify(forgedAfter),
      forgedHash,
    ]);
    expect((await verify()).firstInvalid).toEqual({ seq: next.seq, id: next.id, reason: 'broken-link' });
    await tamper('UPDATE audit_event SET after = $2::jsonb, hash = $3 WHERE seq = $1', [
      target.seq,
      target.after,
      row.hash,
    ]);
    expect((await verify()).valid).toBe(true);
  });

  it('reports a removed event as a broken link at the event after the gap', async () => {
    const target = await eventAt(10);
    const next = await eventAt(11);
    const [saved] = await t.ownerQuery('SELECT * FROM audit_event WHERE seq = $1', [target.seq]);
    await tamper('DELETE FROM audit_event WHERE seq = $1', [target.seq]);
    const broken = await verify();
    expect(broken.valid).toBe(false);
    expect(broken.firstInvalid).toEqual({ seq: next.seq, id: next.id, reason: 'broken-link' });
    expect(broken.invalid).toEqual([broken.firstInvalid]);
    expect(broken.checked).toBe(await eventCount());

    // Put back with its original seq, the chain is whole again.
    const columns = Object.keys(saved);
    await t.ownerQuery(
      `INSERT INTO audit_event (${columns.join(', ')}) OVERRIDING SYSTEM VALUE
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) =>
        ['before', 'after', 'metadata'].includes(c) && saved[c] !== null ? JSON.stringify(saved[c]) : saved[c],
      ),
    );
    expect(await verify()).toEqual(whole(await eventCount()));
  });

  it('reports every tampered event, not only the first: later tampering is seen too', async () => {
    const targets = [await eventAt(4), await eventAt(12), await eventAt(20)];
    const [a, b, c] = targets;
    try {
      await tamper(`UPDATE audit_event SET after = '{"title":"forged"}' WHERE seq = $1`, [a.seq]);
      await tamper(`UPDATE audit_event SET occurred_at = occurred_at + interval '1 second' WHERE seq = $1`, [b.seq]);
      await tamper(`UPDATE audit_event SET actor_email = 'someone.else@mdes.go.th' WHERE seq = $1`, [c.seq]);
      const result = await verify();
      const breaks = targets.map((target) => ({ seq: target.seq, id: target.id, reason: 'hash-mismatch' }));
      expect(result).toEqual({
        valid: false,
        checked: await eventCount(),
        invalidCount: 3,
        firstInvalid: breaks[0],
        invalid: breaks,
      });
    } finally {
      await tamper('UPDATE audit_event SET after = $2::jsonb WHERE seq = $1', [a.seq, a.after]);
      await tamper(`UPDATE audit_event SET occurred_at = occurred_at - interval '1 second' WHERE seq = $1`, [b.seq]);
      await tamper('UPDATE audit_event SET actor_email = $2 WHERE seq = $1', [c.seq, c.actorEmail]);
    }
    expect(await verify()).toEqual(whole(await eventCount()));
  });

  it('hashes text exactly as PostgreSQL stores it: a lone surrogate is U+FFFD on both sides', async () => {
    const audit = t.app.get(AuditService);
    const actor = { ...systemActor('x\ud800y@x.org'), userAgent: 'agent \udc00', requestId: 'req-\ud83d' };
    await t.dataSource.transaction((tx) =>
      audit.record(tx, actor, {
        action: 'test.surrogates',
        entityType: 'test',
        entityId: 'id \ud800',
        metadata: { 'key \ud800': 'value \udfff', list: ['\ud800', 'ok 🤝'] },
      }),
    );
    const [row] = await t.ownerQuery<Record<string, unknown>>(
      `SELECT actor_email, user_agent, request_id, entity_id, metadata FROM audit_event
        WHERE action = 'test.surrogates'`,
    );
    expect(row).toEqual({
      actor_email: 'x\ufffdy@x.org',
      user_agent: 'agent \ufffd',
      request_id: 'req-\ufffd',
      entity_id: 'id \ufffd',
      metadata: { 'key \ufffd': 'value \ufffd', list: ['\ufffd', 'ok 🤝'] },
    });
    expect(await verify()).toEqual(whole(await eventCount()));
  });

  it('refuses a sign-in whose email holds a lone surrogate, writing no event, and the chain stays whole', async () => {
    const before = await eventCount();
    const res = await t.anonymous.post('/auth/login').send({ email: 'x\ud800y@x.org', password: 'whatever it is' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'email', message: 'must be valid Unicode text (it holds a lone surrogate)' },
    ]);
    expect(await eventCount()).toBe(before);
    expect(await verify()).toEqual(whole(before));
  });
});
