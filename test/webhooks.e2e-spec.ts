import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dispatchDueReminders } from '@mou/reminders';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const admin = 'admin@mdes.go.th';
// A public address literal: judged without DNS, which tests must not depend on.
const publicUrl = 'https://93.184.216.34/mou-hooks';

/** Runs a describe's app with WEBHOOK_ALLOW_PRIVATE as given, restoring the variable after. */
function appWith(allowPrivate: string | undefined): () => TestApp {
  let t: TestApp;
  const saved = process.env.WEBHOOK_ALLOW_PRIVATE;
  beforeAll(async () => {
    if (allowPrivate === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE;
    else process.env.WEBHOOK_ALLOW_PRIVATE = allowPrivate;
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    if (saved === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE;
    else process.env.WEBHOOK_ALLOW_PRIVATE = saved;
  });
  return () => t;
}

describe('webhooks, with private receivers refused (the default)', () => {
  const app = appWith(undefined);
  const create = (body: Record<string, unknown>) => app().as('admin').post('/webhooks').send(body);

  it('registers a webhook and shows its secret once', async () => {
    const secret = 'a-receiver-chosen-secret-0001';
    const res = await create({ url: publicUrl, events: ['expiry', 'notice-deadline'], secret });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      url: publicUrl,
      events: ['expiry', 'notice-deadline'],
      active: true,
      secret,
      createdAt: expect.any(String),
      createdBy: admin,
      deletedAt: null,
      deletedBy: null,
    });

    const { secret: _, ...withoutSecret } = res.body;
    const fetched = await app().as('admin').get(`/webhooks/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(withoutSecret);
    const listed = await app().as('admin').get('/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual(withoutSecret);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('generates a 32-byte secret when none is given', async () => {
    const res = await create({ url: publicUrl, events: ['milestone-overdue'] });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await app().dataSource.query('SELECT secret FROM webhook WHERE id = $1', [res.body.id]);
    expect(row.secret).toBe(res.body.secret);
  });

  it.each([
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://[::127.0.0.1]/hook', /IPv4-compatible/],
    ['http://[::a00:1]/hook', /IPv4-compatible/],
    ['http://10.20.30.40/hook', /private/],
    ['http://192.168.1.1/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['http://localhost:3000/hook', /localhost/],
    ['ftp://93.184.216.34/hook', /http/],
    ['not a url', /http/],
  ])('refuses %s with a 400 naming url', async (url, message) => {
    const res = await create({ url, events: ['expiry'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringMatching(message) }]);
  });

  it.each([
    [{ events: [] }, 'events', /at least one/],
    [{ events: ['expiry', 'expiry'] }, 'events', /twice/],
    [{ events: ['expiry', 'agreement-signed'] }, 'events', /only expiry, notice-deadline/],
    [{ events: 'expiry' }, 'events', /array/],
    [{ events: undefined }, 'events', /array/],
    [{ secret: 'too-short' }, 'secret', /16/],
    [{ secret: 'x'.repeat(201) }, 'secret', /200/],
    [{ url: undefined }, 'url', /string/],
    [{ active: false }, 'active', /is not a field this request accepts/],
  ])('refuses %j with a 400 naming %s', async (change, field, message) => {
    const count = async () => (await app().dataSource.query('SELECT count(*)::int AS n FROM webhook'))[0].n;
    const before = await count();
    const res = await create({ url: publicUrl, events: ['expiry'], ...change });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field, message: expect.stringMatching(message) });
    expect(await count()).toBe(before);
  });

  it('soft-deletes: gone from the list, still on record with who deleted it', async () => {
    const created = (await create({ url: publicUrl, events: ['expiry'] })).body;
    const deleted = await app().as('admin').delete(`/webhooks/${created.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const listed = await app().as('admin').get('/webhooks');
    expect(listed.body.map((w: { id: string }) => w.id)).not.toContain(created.id);
    const fetched = await app().as('admin').get(`/webhooks/${created.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.deletedBy).toBe(admin);
    expect(fetched.body.deletedAt).toBe('2026-11-26T02:00:00.000Z'); // the office clock

    // Deleting again changes nothing: the first deletion is the one on record.
    const again = await app().as('admin').delete(`/webhooks/${created.id}`);
    expect(again.status).toBe(204);
    expect((await app().as('admin').get(`/webhooks/${created.id}`)).body.deletedBy).toBe(admin);
  });

  it('answers 404 for an unknown webhook and 400 for a malformed id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await app().as('admin').get(`/webhooks/${unknown}`)).status).toBe(404);
    expect((await app().as('admin').delete(`/webhooks/${unknown}`)).status).toBe(404);
    const malformed = await app().as('admin').delete('/webhooks/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a uuid' }]);
  });

  it('gives a deleted webhook no new deliveries', async () => {
    const t = app();
    const live = (await create({ url: publicUrl, events: ['expiry'] })).body;
    const gone = (await create({ url: publicUrl, events: ['expiry'] })).body;
    const other = (await create({ url: publicUrl, events: ['milestone-due'] })).body;
    await t.as('admin').delete(`/webhooks/${gone.id}`).expect(204);

    const agreement = (await t.http.post('/agreements').send(anAgreement()).expect(201)).body;
    await t.dataSource.query(
      `INSERT INTO reminder (agreement_id, kind, offset_days, target_on, due_on, fire_at)
       VALUES ($1, 'expiry', 30, '2026-12-26', '2026-11-26', '2026-11-26T02:00:00Z')`,
      [agreement.id],
    );
    await dispatchDueReminders(t.dataSource.manager, t.clock.now(), 100);
    const deliveries: Array<{ webhook_id: string }> = await t.dataSource.query(
      `SELECT d.webhook_id FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
        WHERE r.agreement_id = $1 AND d.channel = 'webhook'`,
      [agreement.id],
    );
    const ids = deliveries.map((d) => d.webhook_id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(gone.id);
    expect(ids).not.toContain(other.id);
  });
});

describe('webhooks, with WEBHOOK_ALLOW_PRIVATE=true (tests and closed networks)', () => {
  const app = appWith('true');

  it('accepts a loopback receiver', async () => {
    const res = await app()
      .as('admin')
      .post('/webhooks')
      .send({ url: 'http://127.0.0.1:9999/hook', events: ['expiry'] });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('http://127.0.0.1:9999/hook');
    expect(res.body.createdBy).toBe(admin);
  });

  it('still refuses schemes other than http(s)', async () => {
    const res = await app()
      .as('admin')
      .post('/webhooks')
      .send({ url: 'file:///etc/passwd', events: ['expiry'] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('url');
  });
});
