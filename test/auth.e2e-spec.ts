import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import request from 'supertest';
import { authConfig, ConfigError, PUBLISHED_JWT_SECRET, redisConfig } from '../config/index.js';
import { LoginThrottle, TooManyAttemptsError } from '../apps/api/src/auth/login-throttle.js';
import { PasswordHasher } from '../apps/api/src/auth/password.hasher.js';
import { FirstAdminBootstrap } from '../apps/api/src/users/first-admin.bootstrap.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TEST_PASSWORD } from './support/test-users.js';

type Response = request.Response;

/**
 * Starts an app with some variables set for its configuration only (they are read at
 * start), and keeps the first-start admin's console line out of the test output.
 */
async function startWith(env: Record<string, string>): Promise<TestApp> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return await startTestApp();
  } finally {
    log.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const api = (t: TestApp) => request(t.app.getHttpServer());
const login = (t: TestApp, email: string, password: string) =>
  api(t).post('/auth/login').set('User-Agent', 'auth-e2e/1.0').send({ email, password });
const refresh = (t: TestApp, refreshToken: string) => api(t).post('/auth/refresh').send({ refreshToken });
const me = (t: TestApp, accessToken: string) => api(t).get('/auth/me').set('Authorization', `Bearer ${accessToken}`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

let userCounter = 0;

/** A fresh user made by the admin, so ending its sessions leaves the shared test users alone. */
async function newUser(t: TestApp, overrides: Record<string, unknown> = {}) {
  userCounter += 1;
  const body = {
    email: `user${userCounter}.${randomBytes(3).toString('hex')}@mdes.go.th`,
    displayName: `User ${userCounter}`,
    role: 'officer',
    agency: 'MDES',
    password: `pw-${randomBytes(8).toString('hex')}`,
    ...overrides,
  };
  const res = await t.as('admin').post('/users').send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email: body.email as string, password: body.password as string, body: res.body };
}

async function signedIn(t: TestApp, user: { email: string; password: string }) {
  const res = await login(t, user.email, user.password);
  expect(res.status).toBe(200);
  return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
}

function expectNoSecrets(res: Response, ...secrets: string[]) {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/argon2|"(password|password_?hash|session_?version)":/i);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

async function auditEvents(t: TestApp, action: string, entityId?: string) {
  return t.dataSource.query(
    `SELECT actor_id, actor_email, actor_role, entity_id, metadata, client_ip, user_agent
       FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY seq`,
    [action, entityId ?? null],
  );
}

describe('signing in, refreshing and signing out', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The limits have describes of their own below; here they would only get in the way.
    t = await startWith({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', LOGIN_MAX_FAILURES_PER_IP: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with email and password and returns a token pair and the user', async () => {
    const res = await login(t, '  Officer@MDES.go.th ', TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
      tokenType: 'Bearer',
      user: {
        id: t.users.officer.id,
        email: 'officer@mdes.go.th',
        displayName: 'Test officer',
        role: 'officer',
        agency: 'MDES',
        locale: 'th',
        calendar: 'buddhist',
        mustChangePassword: false,
      },
    });
    expectNoSecrets(res, TEST_PASSWORD);
    expect(claimsOf(res.body.accessToken)).toMatchObject({ sub: t.users.officer.id, role: 'officer', sv: 1 });
    expect(claimsOf(res.body.accessToken).exp - claimsOf(res.body.accessToken).iat).toBe(900);

    const whoami = await me(t, res.body.accessToken);
    expect(whoami.status).toBe(200);
    expect(whoami.body).toEqual(res.body.user);

    // Stored as a SHA-256 digest only, with where it came from and when it ends.
    const [row] = await t.dataSource.query(
      `SELECT user_id, session_version, client_ip, user_agent, revoked_at,
              round(extract(epoch FROM expires_at - now()) / 86400) AS days_left
         FROM refresh_token WHERE token_hash = $1`,
      [sha256(res.body.refreshToken)],
    );
    expect(row).toMatchObject({
      user_id: t.users.officer.id,
      session_version: 1,
      revoked_at: null,
      user_agent: 'auth-e2e/1.0',
    });
    expect(row.client_ip).toMatch(/127\.0\.0\.1|::1/);
    expect(Number(row.days_left)).toBe(14);
    const raw = await t.dataSource.query('SELECT 1 FROM refresh_token WHERE token_hash = $1', [res.body.refreshToken]);
    expect(raw).toHaveLength(0);

    const [event] = (await auditEvents(t, 'auth.login', t.users.officer.id)).slice(-1);
    expect(event).toMatchObject({
      actor_id: t.users.officer.id,
      actor_email: 'officer@mdes.go.th',
      actor_role: 'officer',
    });
  });

  it('answers a wrong password, an unknown email and a deactivated account with the same 401', async () => {
    const wrong = await login(t, t.users.manager.email, 'not the password at all');
    const unknown = await login(t, 'nobody@nowhere.go.th', TEST_PASSWORD);
    const inactive = await newUser(t);
    await t.dataSource.query('UPDATE app_user SET active = false WHERE id = $1', [inactive.id]);
    const deactivated = await login(t, inactive.email, inactive.password);

    for (const res of [wrong, unknown, deactivated]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Email or password is incorrect',
        code: 'INVALID_CREDENTIALS',
        requestId: expect.any(String),
      });
    }
    const failed = await auditEvents(t, 'auth.login-failed');
    expect(failed.map((e: { actor_email: string }) => e.actor_email)).toEqual(
      expect.arrayContaining([t.users.manager.email, 'nobody@nowhere.go.th', inactive.email]),
    );
    const nobody = failed.find((e: { actor_email: string }) => e.actor_email === 'nobody@nowhere.go.th');
    expect(nobody).toMatchObject({ actor_id: null, actor_role: 'system', metadata: { reason: 'unknown-email' } });
  });

  it('spends an argon2id verification on an unknown email too, so timing does not tell which emails exist', async () => {
    const hasher = t.app.get(PasswordHasher);
    const verify = jest.spyOn(hasher, 'verify');
    try {
      await login(t, 'ghost@nowhere.go.th', 'some guess');
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(verify.mock.calls[0][1]).toBe('some guess');
    } finally {
      verify.mockRestore();
    }

    const time = async (email: string) => {
      const started = performance.now();
      expect((await login(t, email, 'wrong guess')).status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      known.push(await time(t.users.auditor.email));
      unknown.push(await time(`ghost${i}@nowhere.go.th`));
    }
    // Same work either way; a generous band, since other test files share the machine.
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('refuses malformed sign-ins with 400 and calls without a token with 401', async () => {
    const missing = await api(t).post('/auth/login').send({ email: t.users.officer.email });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    const anonymous = await api(t).get('/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const forged = await me(t, `${t.users.officer.token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
  });

  it('ends every session of the user on logout, access and refresh tokens alike', async () => {
    const user = await newUser(t);
    const laptop = await signedIn(t, user);
    const phone = await signedIn(t, user);
    expect((await me(t, phone.accessToken)).status).toBe(200);

    const out = await api(t).post('/auth/logout').set('Authorization', `Bearer ${laptop.accessToken}`);
    expect(out.status).toBe(204);
    for (const session of [laptop, phone]) {
      const res = await me(t, session.accessToken);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/session has ended/);
      expect((await refresh(t, session.refreshToken)).status).toBe(401);
    }
    const [{ session_version }] = await t.dataSource.query('SELECT session_version FROM app_user WHERE id = $1', [
      user.id,
    ]);
    expect(session_version).toBe(2);
    expect(await auditEvents(t, 'auth.logout', user.id)).toHaveLength(1);
    // Signing in again works, with the new session version.
    const again = await signedIn(t, user);
    expect(claimsOf(again.accessToken).sv).toBe(2);
    expect((await me(t, again.accessToken)).status).toBe(200);
  });

  it('changes a password: checks the current one, ends old sessions, returns a fresh pair', async () => {
    const user = await newUser(t);
    const old = await signedIn(t, user);
    const other = await signedIn(t, user);
    const change = (body: object, token = old.accessToken) =>
      api(t).post('/auth/password').set('Authorization', `Bearer ${token}`).send(body);

    const wrongCurrent = await change({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.errors).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    const tooShort = await change({ currentPassword: user.password, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors).toEqual([{ field: 'newPassword', message: 'must be 12 to 200 characters' }]);
    const same = await change({ currentPassword: user.password, newPassword: user.password });
    expect(same.status).toBe(400);

    const newPassword = 'a brand new passphrase';
    const changed = await change({ currentPassword: user.password, newPassword });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', user: { id: user.id } });
    expectNoSecrets(changed, user.password, newPassword);

    for (const session of [old, other]) {
      expect((await me(t, session.accessToken)).status).toBe(401);
      expect((await refresh(t, session.refreshToken)).status).toBe(401);
    }
    expect((await me(t, changed.body.accessToken)).status).toBe(200);
    expect((await refresh(t, changed.body.refreshToken)).status).toBe(200);
    expect((await login(t, user.email, user.password)).status).toBe(401);
    expect((await login(t, user.email, newPassword)).status).toBe(200);
    expect(await auditEvents(t, 'auth.password-change', user.id)).toHaveLength(1);
  });

  it('ends the sessions of a user the admin deactivates', async () => {
    const user = await newUser(t);
    const session = await signedIn(t, user);
    const patch = await t.as('admin').patch(`/users/${user.id}`).send({ active: false, version: 1 });
    expect(patch.status).toBe(200);
    expect((await me(t, session.accessToken)).status).toBe(401);
    expect((await refresh(t, session.refreshToken)).status).toBe(401);
    const relogin = await login(t, user.email, user.password);
    expect(relogin.status).toBe(401);
    expect(relogin.body.message).toBe('Email or password is incorrect');
  });

  it('rotates refresh tokens: each works once and points to its successor', async () => {
    const user = await newUser(t);
    const first = await signedIn(t, user);
    const second = await refresh(t, first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: user.id, email: user.email },
    });
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(t, second.body.accessToken)).status).toBe(200);

    const rows = await t.dataSource.query(
      'SELECT id, token_hash, revoked_at, replaced_by FROM refresh_token WHERE user_id = $1 ORDER BY created_at',
      [user.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ token_hash: sha256(first.refreshToken), replaced_by: rows[1].id });
    expect(rows[0].revoked_at).not.toBeNull();
    expect(rows[1]).toMatchObject({ token_hash: sha256(second.body.refreshToken), revoked_at: null });

    const third = await refresh(t, second.body.refreshToken);
    expect(third.status).toBe(200);
    // The old access token lives on until it expires (the session is the same).
    expect((await me(t, first.accessToken)).status).toBe(200);
  });

  it('treats a refresh token presented twice as stolen: every session of the user ends', async () => {
    const user = await newUser(t);
    const first = await signedIn(t, user);
    const elsewhere = await signedIn(t, user);
    const second = (await refresh(t, first.refreshToken)).body;

    const reuse = await refresh(t, first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/already used/) });
    for (const session of [second, elsewhere]) {
      expect((await me(t, session.accessToken)).status).toBe(401);
      expect((await refresh(t, session.refreshToken)).status).toBe(401);
    }
    const live = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(live[0].n).toBe(0);
    const [event] = await auditEvents(t, 'auth.refresh-reuse', user.id);
    expect(event).toMatchObject({ actor_id: user.id, metadata: { replacedBy: expect.any(String) } });
    expect((await signedIn(t, user)).accessToken).toBeTruthy();
  });

  it('refuses unknown, expired and ended refresh tokens', async () => {
    expect((await refresh(t, randomBytes(32).toString('base64url'))).status).toBe(401);
    expect((await api(t).post('/auth/refresh').send({})).status).toBe(400);
    expect((await api(t).post('/auth/refresh').send({ refreshToken: '' })).status).toBe(400);

    const user = await newUser(t);
    const session = await signedIn(t, user);
    const other = await signedIn(t, user);
    await t.dataSource.query(
      `UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(session.refreshToken)],
    );
    const expired = await refresh(t, session.refreshToken);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/invalid or has expired/);
    // Not the theft path: the user's other sessions go on.
    expect((await me(t, other.accessToken)).status).toBe(200);
    expect((await refresh(t, other.refreshToken)).status).toBe(200);
  });
});

describe('failed sign-ins per account', () => {
  let t: TestApp;
  const WINDOW_SECONDS = 2;

  beforeAll(async () => {
    t = await startWith({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After past the limit, even to the right password, until the window ends', async () => {
    const email = t.users.manager.email;
    for (let i = 0; i < 3; i += 1) expect((await login(t, email, `wrong ${i}`)).status).toBe(401);

    const blocked = await login(t, email.toUpperCase(), TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(blocked.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/Too many failed sign-in attempts/),
      code: 'TOO_MANY_ATTEMPTS',
      errors: [],
      requestId: expect.any(String),
    });
    // Other accounts are not affected.
    expect((await login(t, t.users.auditor.email, TEST_PASSWORD)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 300));
    expect((await login(t, email, TEST_PASSWORD)).status).toBe(200);
  });

  it('limits unknown emails alike, so a 429 does not reveal which accounts exist', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(t, 'ghost@nowhere.go.th', 'guess')).status).toBe(401);
    expect((await login(t, 'ghost@nowhere.go.th', 'guess')).status).toBe(429);
  });

  it('clears the account count on a successful sign-in', async () => {
    const email = t.users.officer.email;
    for (let i = 0; i < 2; i += 1) expect((await login(t, email, 'wrong')).status).toBe(401);
    expect((await login(t, email, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await login(t, email, 'wrong')).status).toBe(401);
    expect((await login(t, email, TEST_PASSWORD)).status).toBe(429);
  });

  it('counts wrong current passwords on a password change against the account', async () => {
    const user = await newUser(t);
    const session = await signedIn(t, user);
    const change = (currentPassword: string) =>
      api(t)
        .post('/auth/password')
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ currentPassword, newPassword: 'another long passphrase' });
    for (let i = 0; i < 3; i += 1) expect((await change('wrong guess')).status).toBe(400);
    const blocked = await change(user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await login(t, user.email, user.password)).status).toBe(429);
  });

  it('checks no more passwords than the limit when attempts on one account arrive at once', async () => {
    const user = await newUser(t);
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(t, user.email, `wrong ${i}`)));
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(37);
      expect(verify).toHaveBeenCalledTimes(3);
    } finally {
      verify.mockRestore();
    }
    // Each checked password is one failed sign-in in the audit trail; the refused ones wrote nothing.
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'auth.login-failed' AND actor_email = $1`,
      [user.email],
    );
    expect(count).toBe(3);
  });

  it('holds across API instances: the counts live in Redis', async () => {
    const email = t.users.otherOfficer.email;
    for (let i = 0; i < 3; i += 1) expect((await login(t, email, 'wrong')).status).toBe(401);
    // Another instance: its own Redis connection, the same configuration.
    const config = t.app.get<ConfigType<typeof authConfig>>(authConfig.KEY);
    const redisSettings = t.app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY);
    const redis = new Redis(redisSettings.url, { lazyConnect: true });
    await redis.connect();
    try {
      const other = new LoginThrottle(redis, config, redisSettings);
      await expect(other.begin('203.0.113.7', email)).rejects.toBeInstanceOf(TooManyAttemptsError);
      await expect(other.begin('203.0.113.7', t.users.admin.email)).resolves.toBeDefined();
    } finally {
      redis.disconnect();
    }
  });
});

/** Waits until the window of every per-address count in the app's Redis prefix has ended. */
async function untilNoAddressCounts(t: TestApp) {
  const settings = t.app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY);
  const redis = new Redis(settings.url);
  try {
    while ((await redis.keys(`${settings.prefix}:auth:fail:ip:*`)).length) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
}

describe('failed sign-ins per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startWith({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '3',
      LOGIN_WINDOW_SECONDS: '2',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('blocks an address that fails across many accounts, on sign-in and refresh, until the window ends', async () => {
    const session = await signedIn(t, { email: t.users.officer.email, password: TEST_PASSWORD });
    for (let i = 0; i < 3; i += 1) {
      expect((await login(t, `spray${i}@mdes.go.th`, 'Password123!')).status).toBe(401);
    }
    const blocked = await login(t, t.users.manager.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const refreshBlocked = await refresh(t, session.refreshToken);
    expect(refreshBlocked.status).toBe(429);
    expect(refreshBlocked.headers['retry-after']).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, Number(blocked.headers['retry-after']) * 1000 + 300));
    expect((await login(t, t.users.manager.email, TEST_PASSWORD)).status).toBe(200);
    expect((await refresh(t, session.refreshToken)).status).toBe(200);
  });

  it('counts failed refreshes against the address too', async () => {
    for (let i = 0; i < 3; i += 1) expect((await refresh(t, `forged-${i}`)).status).toBe(401);
    expect((await refresh(t, 'forged-again')).status).toBe(429);
    expect((await login(t, t.users.auditor.email, TEST_PASSWORD)).status).toBe(429);
  });

  it('checks no more passwords than the limit when attempts from one address arrive at once', async () => {
    await untilNoAddressCounts(t); // the counts of the tests before end with their window
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(t, `burst${i}@mdes.go.th`, 'Password123!')),
      );
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(37);
      expect(verify).toHaveBeenCalledTimes(3);
    } finally {
      verify.mockRestore();
    }
  });
});

describe('first start', () => {
  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, printing no password', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let t: TestApp | undefined;
    try {
      process.env.ADMIN_EMAIL = 'Chief.Admin@MDES.go.th';
      process.env.ADMIN_PASSWORD = 'the first admin passphrase';
      t = await startTestApp();
      delete process.env.ADMIN_EMAIL;
      delete process.env.ADMIN_PASSWORD;
      expect(log.mock.calls.flat().join('\n')).not.toMatch(/one-time password/);

      const rows = await t.dataSource.query(
        `SELECT email, role, agency, active, created_by, password_hash FROM app_user
          WHERE created_by = 'system' OR email = 'admin@localhost'`,
      );
      expect(rows).toEqual([
        expect.objectContaining({ email: 'chief.admin@mdes.go.th', role: 'admin', agency: 'ADMIN', active: true }),
      ]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const [event] = await auditEvents(t, 'user.create');
      expect(event).toMatchObject({ actor_email: 'first-start', actor_role: 'system' });
      expect(JSON.stringify(event)).not.toMatch(/argon2|passphrase/);

      const res = await login(t, 'chief.admin@mdes.go.th', 'the first admin passphrase');
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ role: 'admin', agency: 'ADMIN' });
    } finally {
      delete process.env.ADMIN_EMAIL;
      delete process.env.ADMIN_PASSWORD;
      log.mockRestore();
      await t?.close();
    }
  });

  it('otherwise creates admin@localhost with a one-time password printed once, and only once per database', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let t: TestApp | undefined;
    try {
      t = await startTestApp();
      const lines = log.mock.calls.map((args) => args.join(' ')).filter((line) => /one-time password/.test(line));
      expect(lines).toHaveLength(1);
      expect(lines[0].split('\n')).toHaveLength(1);
      const password = /one-time password (\S+)/.exec(lines[0])?.[1] ?? '';
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(lines[0]).toMatch(/admin@localhost/);

      const res = await login(t, 'admin@localhost', password);
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ email: 'admin@localhost', role: 'admin', agency: 'ADMIN' });
      const [{ password_hash }] = await t.dataSource.query(
        `SELECT password_hash FROM app_user WHERE email = 'admin@localhost'`,
      );
      expect(password_hash).not.toContain(password);

      // Users exist now: a restart creates and prints nothing.
      log.mockClear();
      const bootstrap = t.app.get(FirstAdminBootstrap);
      expect(await bootstrap.ensureFirstAdmin()).toBeNull();
      expect(log).not.toHaveBeenCalled();

      // Two instances starting together on an empty table create one admin between them.
      await t.ownerQuery('TRUNCATE app_user CASCADE');
      const created = await Promise.all([bootstrap.ensureFirstAdmin(), bootstrap.ensureFirstAdmin()]);
      expect(created.filter(Boolean)).toHaveLength(1);
      const admins = await t.dataSource.query('SELECT email FROM app_user');
      expect(admins).toEqual([{ email: 'admin@localhost' }]);
      expect(log.mock.calls.filter((args) => /one-time password/.test(args.join(' ')))).toHaveLength(1);
    } finally {
      log.mockRestore();
      await t?.close();
    }
  });

  it('refuses an ADMIN_PASSWORD that is easy to guess, in one line, and creates no admin', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let t: TestApp | undefined;
    try {
      t = await startTestApp();
      await t.ownerQuery('TRUNCATE app_user CASCADE');
      const events = (await t.ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM audit_event'))[0].n;
      const config = t.app.get<ConfigType<typeof authConfig>>(authConfig.KEY);
      Object.assign(config, { adminEmail: 'chief@mdes.go.th', adminPassword: 'password1234' });
      const error = await t.app
        .get(FirstAdminBootstrap)
        .ensureFirstAdmin()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(
        /^Invalid configuration: ADMIN_PASSWORD is too easy to guess: This is similar to a commonly used password\.[^\n]*$/,
      );
      expect(await t.ownerQuery('SELECT email FROM app_user')).toEqual([]);
      expect((await t.ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM audit_event'))[0].n).toBe(events);
    } finally {
      log.mockRestore();
      await t?.close();
    }
  });
});

describe('security headers and CORS', () => {
  let t: TestApp;
  let cors: TestApp;
  const allowed = 'https://mou.example.go.th';

  beforeAll(async () => {
    t = await startWith({});
    cors = await startWith({ CORS_ORIGINS: `${allowed}, https://admin.example.go.th` });
  });
  afterAll(async () => {
    await t?.close();
    await cors?.close();
  });

  it('sends helmet headers with a strict policy on API responses', async () => {
    for (const res of [await api(t).get('/health'), await api(t).post('/auth/login').send({})]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringMatching(/max-age=\d+/),
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('keeps the Swagger UI at /docs working under its own policy', async () => {
    const docs = await api(t).get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    const csp = docs.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toMatch(/img-src 'self' data:/);

    // Every script is a file from this origin (the policy allows no inline script), and loads.
    const scripts = [...docs.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    const assets = [...docs.text.matchAll(/(?:src|href)="([^"#]+)"/g)].map(
      (m) => new URL(m[1], 'http://x/docs').pathname,
    );
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="/);
      expect(body.trim()).toBe('');
    }
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']));
    for (const asset of assets.filter((path) => /\.(js|css)$/.test(path))) {
      const res = await api(t).get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
    }
    expect((await api(t).get('/docs-json')).status).toBe(200);
  });

  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const res = await api(t).get('/health').set('Origin', allowed);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api(t)
      .options('/agreements')
      .set('Origin', allowed)
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the origins in CORS_ORIGINS and no others', async () => {
    const ok = await api(cors).get('/health').set('Origin', allowed);
    expect(ok.headers['access-control-allow-origin']).toBe(allowed);
    expect(ok.headers['access-control-expose-headers']).toMatch(/Retry-After/);

    const preflight = await api(cors)
      .options('/agreements')
      .set('Origin', 'https://admin.example.go.th')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://admin.example.go.th');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/PATCH/);

    const other = await api(cors).get('/health').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('production configuration', () => {
  it('refuses to start the API with the JWT_SECRET once published in the repository, in one line', async () => {
    const entry = 'dist/apps/api/src/main.js';
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
    const env = { ...process.env, NODE_ENV: 'production', JWT_SECRET: PUBLISHED_JWT_SECRET };
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      'api: Invalid configuration: JWT_SECRET is a published value anyone can sign with; set a secret of your own or leave it unset',
    ]);
  });
});
