import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TEST_PASSWORD } from './support/test-users.js';

/**
 * What the browser console needs of the API's sessions: the refresh token in an httpOnly
 * cookie scoped to /auth, settings kept per user, and a one-time password that opens
 * nothing until it is changed.
 */
let t: TestApp;

beforeAll(async () => {
  process.env.LOGIN_MAX_FAILURES_PER_IP = '1000';
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    t = await startTestApp();
    firstAdminPassword = /one-time password (\S+)/.exec(log.mock.calls.flat().join('\n'))?.[1] ?? '';
  } finally {
    log.mockRestore();
    delete process.env.LOGIN_MAX_FAILURES_PER_IP;
  }
});
afterAll(async () => {
  await t?.close();
});

let firstAdminPassword = '';
const api = () => request(t.app.getHttpServer());
const login = (email: string, password: string) => api().post('/auth/login').send({ email, password });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The mou_refresh cookie a response sets: its value and attributes, as a browser reads them. */
function refreshCookie(res: request.Response): { value: string; attributes: string[] } | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = header?.find((cookie) => cookie.startsWith('mou_refresh='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(/;\s*/);
  return { value: decodeURIComponent(pair.slice('mou_refresh='.length)), attributes };
}

let counter = 0;
async function newOfficer(): Promise<{ id: string; email: string; password: string }> {
  counter += 1;
  const body = {
    email: `console${counter}.${randomBytes(3).toString('hex')}@mdes.go.th`,
    displayName: `Console user ${counter}`,
    role: 'officer',
    agency: 'MDES',
    password: `pw-${randomBytes(8).toString('hex')}`,
  };
  const res = await t.as('admin').post('/users').send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id, email: body.email, password: body.password };
}

describe('the refresh token in a cookie', () => {
  it('is set on sign-in: httpOnly, SameSite=Strict, only for /auth, for the refresh lifetime', async () => {
    const res = await login(t.users.officer.email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = refreshCookie(res);
    expect(cookie?.value).toBe(res.body.refreshToken);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(['Max-Age=1209600', 'Path=/auth', 'HttpOnly', 'SameSite=Strict']),
    );
    // NODE_ENV is test here: not Secure, so it works on http://localhost.
    expect(cookie?.attributes).not.toContain('Secure');
  });

  it('refreshes from the cookie when the body has no token, rotating it; the old cookie then ends every session', async () => {
    const user = await newOfficer();
    const signIn = await login(user.email, user.password);
    const first = refreshCookie(signIn)!.value;

    const res = await api().post('/auth/refresh').set('Cookie', `mou_refresh=${first}`).send({});
    expect(res.status).toBe(200);
    const second = refreshCookie(res)!.value;
    expect(second).toBe(res.body.refreshToken);
    expect(second).not.toBe(first);
    expect((await api().get('/auth/me').set(bearer(res.body.accessToken))).body.id).toBe(user.id);

    // No body at all, as a browser's fetch on reload sends it.
    const again = await api().post('/auth/refresh').set('Cookie', `mou_refresh=${second}`);
    expect(again.status).toBe(200);

    // The first cookie was exchanged already: theft, so every session ends and the cookie is cleared.
    const reused = await api().post('/auth/refresh').set('Cookie', `mou_refresh=${first}`).send({});
    expect(reused.status).toBe(401);
    expect(refreshCookie(reused)?.attributes).toEqual(expect.arrayContaining(['Path=/auth']));
    expect(refreshCookie(reused)?.value).toBe('');
    expect((await api().get('/auth/me').set(bearer(again.body.accessToken))).status).toBe(401);
  });

  it('keeps API clients working with the JSON token, which wins over a cookie', async () => {
    const user = await newOfficer();
    const signIn = await login(user.email, user.password);
    const res = await api()
      .post('/auth/refresh')
      .set('Cookie', 'mou_refresh=not-a-token')
      .send({ refreshToken: signIn.body.refreshToken });
    expect(res.status).toBe(200);
    expect(refreshCookie(res)?.value).toBe(res.body.refreshToken);
  });

  it('answers 400 naming refreshToken with neither a body token nor a cookie, as before', async () => {
    const res = await api().post('/auth/refresh').send({});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'refreshToken' })],
    });
  });

  it('refuses a cookie refresh or sign-out from another origin (CSRF), and accepts its own', async () => {
    const user = await newOfficer();
    const cookie = refreshCookie(await login(user.email, user.password))!.value;

    const foreign = await api()
      .post('/auth/refresh')
      .set('Cookie', `mou_refresh=${cookie}`)
      .set('Origin', 'https://evil.example')
      .send({});
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'CROSS_ORIGIN_COOKIE', requestId: expect.any(String) });
    const foreignLogout = await api()
      .post('/auth/logout')
      .set('Cookie', `mou_refresh=${cookie}`)
      .set('Origin', 'https://evil.example');
    expect(foreignLogout.status).toBe(403);

    for (const origin of ['null', 'http://mou.example.go.th.evil.example', 'http://evil.mou.example.go.th']) {
      const refused = await api()
        .post('/auth/refresh')
        .set('Cookie', `mou_refresh=${cookie}`)
        .set('Host', 'mou.example.go.th')
        .set('Origin', origin)
        .send({});
      expect(refused.status).toBe(403);
    }

    // The cookie still works from the API's own origin (the console, same origin), also
    // as https when a proxy in front ends TLS.
    let current = cookie;
    for (const origin of ['http://mou.example.go.th', 'https://mou.example.go.th']) {
      const own = await api()
        .post('/auth/refresh')
        .set('Cookie', `mou_refresh=${current}`)
        .set('Host', 'mou.example.go.th')
        .set('Origin', origin)
        .send({});
      expect(own.status).toBe(200);
      current = own.body.refreshToken;
    }
  });

  it('signs out with the cookie alone: the session ends and the cookie is cleared', async () => {
    const user = await newOfficer();
    const signIn = await login(user.email, user.password);
    const cookie = refreshCookie(signIn)!.value;

    const res = await api().post('/auth/logout').set('Cookie', `mou_refresh=${cookie}`);
    expect(res.status).toBe(204);
    const cleared = refreshCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(
      expect.arrayContaining(['Path=/auth', expect.stringMatching(/^Expires=Thu, 01 Jan 1970/)]),
    );
    expect((await api().post('/auth/refresh').set('Cookie', `mou_refresh=${cookie}`)).status).toBe(401);
    expect((await api().get('/auth/me').set(bearer(signIn.body.accessToken))).status).toBe(401);
    const [event] = await t.dataSource.query(
      `SELECT actor_id, metadata FROM audit_event WHERE action = 'auth.logout' AND entity_id = $1`,
      [user.id],
    );
    expect(event).toEqual({ actor_id: user.id, metadata: { by: 'cookie' } });
  });

  it('signs out with a token as before, clearing the cookie sent with it', async () => {
    const user = await newOfficer();
    const signIn = await login(user.email, user.password);
    const res = await api()
      .post('/auth/logout')
      .set(bearer(signIn.body.accessToken))
      .set('Cookie', `mou_refresh=${signIn.body.refreshToken}`);
    expect(res.status).toBe(204);
    expect(refreshCookie(res)?.value).toBe('');
    expect((await api().post('/auth/refresh').send({ refreshToken: signIn.body.refreshToken })).status).toBe(401);
    expect((await api().post('/auth/logout')).status).toBe(401);
  });
});

describe('the cookie in production', () => {
  it('is Secure, so a browser sends it over HTTPS only', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let production: TestApp | undefined;
    try {
      production = await startTestApp();
      const res = await request(production.app.getHttpServer())
        .post('/auth/login')
        .send({ email: production.users.officer.email, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(refreshCookie(res)?.attributes).toEqual(
        expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/auth']),
      );
    } finally {
      log.mockRestore();
      process.env.NODE_ENV = saved.NODE_ENV;
      process.env.JWT_SECRET = saved.JWT_SECRET;
      if (saved.JWT_SECRET === undefined) delete process.env.JWT_SECRET;
      await production?.close();
    }
  });
});

describe('language and calendar kept on the server', () => {
  it('are Thai and the Buddhist Era for a new account, shown by GET /auth/me', async () => {
    const user = await newOfficer();
    const signIn = await login(user.email, user.password);
    const res = await api().get('/auth/me').set(bearer(signIn.body.accessToken));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: expect.stringMatching(/^Console user/),
      role: 'officer',
      agency: 'MDES',
      locale: 'th',
      calendar: 'buddhist',
      mustChangePassword: false,
    });
  });

  it('change with PATCH /auth/me, follow the user to another sign-in, and are audited', async () => {
    const user = await newOfficer();
    const first = await login(user.email, user.password);
    const res = await api().patch('/auth/me').set(bearer(first.body.accessToken)).send({ locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, locale: 'en', calendar: 'buddhist' });
    const both = await api().patch('/auth/me').set(bearer(first.body.accessToken)).send({ calendar: 'gregorian' });
    expect(both.body).toMatchObject({ locale: 'en', calendar: 'gregorian' });

    // Another browser: the choice is there already, in the sign-in answer and in /auth/me.
    const elsewhere = await login(user.email, user.password);
    expect(elsewhere.body.user).toMatchObject({ locale: 'en', calendar: 'gregorian' });
    expect((await api().get('/auth/me').set(bearer(elsewhere.body.accessToken))).body).toMatchObject({
      locale: 'en',
      calendar: 'gregorian',
    });

    const events = await t.dataSource.query(
      `SELECT actor_id, before, after FROM audit_event WHERE action = 'user.preferences' AND entity_id = $1 ORDER BY seq`,
      [user.id],
    );
    expect(events).toEqual([
      { actor_id: user.id, before: { locale: 'th' }, after: { locale: 'en' } },
      { actor_id: user.id, before: { calendar: 'buddhist' }, after: { calendar: 'gregorian' } },
    ]);
  });

  it('refuses unknown values, null and an empty change with 400 naming the field, changing nothing', async () => {
    const user = await newOfficer();
    const { accessToken } = (await login(user.email, user.password)).body;
    for (const [body, field] of [
      [{ locale: 'fr' }, 'locale'],
      [{ calendar: 'julian' }, 'calendar'],
      [{ locale: null }, 'locale'],
      [{}, 'locale'],
      [{ locale: 'en', role: 'admin' }, 'role'],
    ] as const) {
      const res = await api().patch('/auth/me').set(bearer(accessToken)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const [row] = await t.dataSource.query('SELECT locale, calendar, role FROM app_user WHERE id = $1', [user.id]);
    expect(row).toEqual({ locale: 'th', calendar: 'buddhist', role: 'officer' });
  });
});

describe('a password someone else set must be changed first', () => {
  it('the one-time first-admin password opens only /auth/me, /auth/password, /auth/logout and /auth/refresh', async () => {
    expect(firstAdminPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const signIn = await login('admin@localhost', firstAdminPassword);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.mustChangePassword).toBe(true);
    const token = signIn.body.accessToken as string;

    const blocked = await api().get('/users').set(bearer(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
      message: expect.stringMatching(/password/),
    });
    expect((await api().get('/agreements').set(bearer(token))).body.code).toBe('PASSWORD_CHANGE_REQUIRED');

    expect((await api().get('/auth/me').set(bearer(token))).body).toMatchObject({ mustChangePassword: true });
    expect((await api().patch('/auth/me').set(bearer(token)).send({ locale: 'en' })).status).toBe(200);
    const refreshed = await api().post('/auth/refresh').send({ refreshToken: signIn.body.refreshToken });
    expect(refreshed.status).toBe(200);

    const changed = await api()
      .post('/auth/password')
      .set(bearer(refreshed.body.accessToken))
      .send({ currentPassword: firstAdminPassword, newPassword: 'a passphrase of my own' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect(refreshCookie(changed)?.value).toBe(changed.body.refreshToken);
    expect((await api().get('/users').set(bearer(changed.body.accessToken))).status).toBe(200);
  });

  it('an admin resetting another user’s password makes them change it; their own change clears it', async () => {
    const user = await newOfficer();
    const reset = await t.as('admin').patch(`/users/${user.id}`).send({ password: 'reset by the admin', version: 1 });
    expect(reset.status).toBe(200);
    const signIn = await login(user.email, 'reset by the admin');
    expect(signIn.body.user.mustChangePassword).toBe(true);
    expect((await api().get('/agreements').set(bearer(signIn.body.accessToken))).status).toBe(403);
    expect((await api().post('/auth/logout').set(bearer(signIn.body.accessToken))).status).toBe(204);

    const again = await login(user.email, 'reset by the admin');
    const changed = await api()
      .post('/auth/password')
      .set(bearer(again.body.accessToken))
      .send({ currentPassword: 'reset by the admin', newPassword: 'my very own secret' });
    expect(changed.status).toBe(200);
    expect((await api().get('/agreements').set(bearer(changed.body.accessToken))).status).toBe(200);
  });
});
