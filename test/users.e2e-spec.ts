import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

type Response = request.Response;

let t: TestApp;
/** Every response this file gets, checked at the end for passwords and hashes. */
const seen: Response[] = [];
/** Every password this file sends. */
const passwords = new Set<string>();

beforeAll(async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined); // the first-start line
  try {
    t = await startTestApp();
  } finally {
    log.mockRestore();
  }
});
afterAll(async () => {
  await t?.close();
});

const api = () => request(t.app.getHttpServer());
const bearer = (token: string) => `Bearer ${token}`;

async function record(pending: PromiseLike<Response>): Promise<Response> {
  const res = await pending;
  seen.push(res);
  return res;
}

let counter = 0;

function aUser(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  passwords.add(password);
  return {
    email: `person${counter}.${randomBytes(3).toString('hex')}@mdes.go.th`,
    displayName: `Person ${counter}`,
    role: 'officer',
    agency: 'MDES',
    password,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const body = aUser(overrides);
  const res = await record(t.as('admin').post('/users').send(body));
  expect(res.status).toBe(201);
  return { ...res.body, password: body.password as string };
}

const patch = (id: string, body: object, as: Parameters<TestApp['as']>[0] = 'admin') =>
  record(t.as(as).patch(`/users/${id}`).send(body));

async function signIn(email: string, password: string) {
  const res = await record(api().post('/auth/login').send({ email, password }));
  return res;
}

const userFields = [
  'active',
  'agency',
  'createdAt',
  'createdBy',
  'displayName',
  'email',
  'id',
  'role',
  'updatedAt',
  'updatedBy',
  'version',
];

describe('creating users', () => {
  it('creates a user with the email stored lower case, who can then sign in', async () => {
    const body = aUser({ email: '  New.Officer@MDES.go.th ', displayName: 'Somchai Jaidee', agency: 'DEPA' });
    const res = await record(t.as('admin').post('/users').send(body));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(userFields);
    expect(res.body).toMatchObject({
      email: 'new.officer@mdes.go.th',
      displayName: 'Somchai Jaidee',
      role: 'officer',
      agency: 'DEPA',
      active: true,
      version: 1,
      createdBy: t.users.admin.email,
      updatedBy: t.users.admin.email,
    });
    const [row] = await t.dataSource.query('SELECT email, password_hash FROM app_user WHERE id = $1', [res.body.id]);
    expect(row.email).toBe('new.officer@mdes.go.th');
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(body.password);

    const signedIn = await signIn('NEW.officer@mdes.go.th', body.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: res.body.id, role: 'officer', agency: 'DEPA' });

    const [event] = await t.dataSource.query(
      `SELECT actor_email, after FROM audit_event WHERE action = 'user.create' AND entity_id = $1`,
      [res.body.id],
    );
    expect(event).toMatchObject({ actor_email: t.users.admin.email, after: res.body });
  });

  it('refuses a taken email, in any case, with 409 naming it', async () => {
    const first = await create();
    const again = await record(
      t
        .as('admin')
        .post('/users')
        .send(aUser({ email: first.email.toUpperCase() })),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'DUPLICATE',
      message: expect.stringContaining(first.email),
      errors: [{ field: 'email', message: expect.stringContaining(first.email) }],
    });
  });

  it('validates every field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not-an-email' }, 'email'],
      [{ role: 'superuser' }, 'role'],
      [{ password: 'short' }, 'password'],
      [{ displayName: '' }, 'displayName'],
      [{ agency: 42 }, 'agency'],
      [{ passwordHash: 'x' }, 'passwordHash'],
    ];
    for (const [overrides, field] of cases) {
      const res = await record(t.as('admin').post('/users').send(aUser(overrides)));
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const { password: _, ...withoutPassword } = aUser();
    expect((await record(t.as('admin').post('/users').send(withoutPassword))).status).toBe(400);
  });
});

describe('passwords that are easy to guess', () => {
  const userCount = async () => (await t.ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0].n;

  it.each([
    ['aaaaaaaaaaaa', /Repeated characters/],
    ['password1234', /commonly used password/],
    ['Password123!', /commonly used password/],
    ['qwertyuiop12', /too easy to guess/],
  ])('refuses %s for a new user, naming the field and why, and writes nothing', async (password, why) => {
    const before = await userCount();
    const res = await record(t.as('admin').post('/users').send(aUser({ password })));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/^is too easy to guess: /) }]);
    expect(res.body.errors[0].message).toMatch(why);
    expect(res.body.message).toMatch(/^password is too easy to guess/);
    expect(await userCount()).toBe(before);
  });

  it('refuses a password made of the user’s own name and email', async () => {
    const res = await record(
      t
        .as('admin')
        .post('/users')
        .send(aUser({ email: 'somchai@mdes.go.th', displayName: 'Somchai Jaidee', password: 'somchaijaidee' })),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/too easy to guess/) }]);
  });

  it('refuses a weak reset, and a weak change of one’s own password, keeping the old one', async () => {
    const user = await create();
    const reset = await patch(user.id, { password: 'aaaaaaaaaaaa', version: 1 });
    expect(reset.status).toBe(400);
    expect(reset.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/Repeated characters/) }]);

    const session = (await signIn(user.email, user.password)).body;
    const change = await record(
      api()
        .post('/auth/password')
        .set('Authorization', bearer(session.accessToken))
        .send({ currentPassword: user.password, newPassword: 'password1234' }),
    );
    expect(change.status).toBe(400);
    expect(change.body.errors).toEqual([
      { field: 'newPassword', message: expect.stringMatching(/^is too easy to guess: .*commonly used password/) },
    ]);
    expect((await api().get('/auth/me').set('Authorization', bearer(session.accessToken))).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(200);
    const [{ version }] = await t.ownerQuery<{ version: number }>('SELECT version FROM app_user WHERE id = $1', [
      user.id,
    ]);
    expect(version).toBe(1);
  });
});

describe('who may manage users', () => {
  it('lets only admins call any /users route', async () => {
    const target = await create();
    for (const as of ['officer', 'manager', 'auditor', 'otherOfficer'] as const) {
      const calls = [
        t.as(as).post('/users').send(aUser()),
        t.as(as).get('/users'),
        t.as(as).get(`/users/${target.id}`),
        t.as(as).patch(`/users/${target.id}`).send({ role: 'admin', version: 1 }),
      ];
      for (const res of await Promise.all(calls)) {
        seen.push(res);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    }
    for (const res of [await api().get('/users'), await api().get(`/users/${target.id}`)]) {
      expect(res.status).toBe(401);
    }
    const [{ role, version }] = await t.dataSource.query('SELECT role, version FROM app_user WHERE id = $1', [
      target.id,
    ]);
    expect({ role, version }).toEqual({ role: 'officer', version: 1 });
  });
});

describe('reading users', () => {
  it('finds one user by id; 404 for none, 400 for a malformed id', async () => {
    const user = await create({ role: 'auditor', agency: 'OAG' });
    const res = await record(t.as('admin').get(`/users/${user.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...user, password: undefined });
    expect((await record(t.as('admin').get('/users/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await record(t.as('admin').get('/users/nope'))).status).toBe(400);
  });

  it('lists users by email in keyset pages, filtered by role, agency and active', async () => {
    const agency = `AG-${randomBytes(3).toString('hex')}`;
    const made = [];
    for (const role of ['officer', 'officer', 'manager', 'officer', 'auditor'])
      made.push(await create({ role, agency }));
    await patch(made[3].id, { active: false, version: 1 });

    const all = await record(t.as('admin').get('/users').query({ agency }));
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    expect(all.body.items.map((u: { email: string }) => u.email)).toEqual(made.map((u) => u.email).sort());
    for (const item of all.body.items) expect(Object.keys(item).sort()).toEqual(userFields);

    const officers = await record(t.as('admin').get('/users').query({ agency, role: 'officer', active: 'true' }));
    expect(officers.body.total).toBe(2);
    expect(officers.body.items.map((u: { id: string }) => u.id).sort()).toEqual([made[0].id, made[1].id].sort());
    const inactive = await record(t.as('admin').get('/users').query({ agency, active: false }));
    expect(inactive.body.items.map((u: { id: string }) => u.id)).toEqual([made[3].id]);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await record(
        t
          .as('admin')
          .get('/users')
          .query({ agency, limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      paged.push(...page.body.items.map((u: { email: string }) => u.email));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(made.map((u) => u.email).sort());

    for (const query of [{ role: 'root' }, { active: 'maybe' }, { limit: 0 }, { cursor: 'garbage' }]) {
      expect((await record(t.as('admin').get('/users').query(query))).status).toBe(400);
    }
    const nulKey = Buffer.from(JSON.stringify(['email', 'a\u0000b', made[0].id])).toString('base64url');
    expect((await record(t.as('admin').get('/users').query({ cursor: nulKey }))).status).toBe(400);
  });
});

describe('editing users', () => {
  it('edits at the version read; a stale version is a 409 carrying the current user', async () => {
    const user = await create();
    const renamed = await patch(user.id, { displayName: 'Renamed Person', agency: 'NSTDA', version: 1 });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: 'Renamed Person', agency: 'NSTDA', version: 2 });
    expect(renamed.body.updatedBy).toBe(t.users.admin.email);

    const stale = await patch(user.id, { displayName: 'Lost Update', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', current: renamed.body });
    expect(Object.keys(stale.body.current).sort()).toEqual(userFields);

    expect((await patch(user.id, { displayName: 'x' })).status).toBe(400); // no version
    expect((await patch(user.id, { email: 'other@mdes.go.th', version: 2 })).status).toBe(400);
    expect((await patch(user.id, { displayName: null, version: 2 })).status).toBe(400);
    expect((await patch('00000000-0000-4000-8000-000000000000', { displayName: 'x', version: 1 })).status).toBe(404);

    const [event] = await t.dataSource.query(
      `SELECT before, after, metadata FROM audit_event WHERE action = 'user.update' AND entity_id = $1`,
      [user.id],
    );
    expect(event).toEqual({
      before: { displayName: user.displayName, agency: 'MDES' },
      after: { displayName: 'Renamed Person', agency: 'NSTDA' },
      metadata: { passwordReset: false, sessionsEnded: false },
    });
  });

  it('ends the sessions of a user whose role changes, and not for a rename', async () => {
    const user = await create();
    const session = (await signIn(user.email, user.password)).body;
    const me = () => api().get('/auth/me').set('Authorization', bearer(session.accessToken));

    expect((await patch(user.id, { displayName: 'Still Signed In', version: 1 })).status).toBe(200);
    expect((await me()).status).toBe(200);

    const promoted = await patch(user.id, { role: 'manager', version: 2 });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('manager');
    expect((await me()).status).toBe(401);
    const refreshed = await api().post('/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(401);
    const again = await signIn(user.email, user.password);
    expect(again.body.user.role).toBe('manager');
  });

  it('resets a password: the old one stops working, and so do the sessions', async () => {
    const user = await create();
    const session = (await signIn(user.email, user.password)).body;
    const newPassword = 'a reset passphrase 2026';
    passwords.add(newPassword);
    const reset = await patch(user.id, { password: newPassword, version: 1 });
    expect(reset.status).toBe(200);
    expect(Object.keys(reset.body).sort()).toEqual(userFields);
    expect((await api().get('/auth/me').set('Authorization', bearer(session.accessToken))).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, newPassword)).status).toBe(200);
    expect((await patch(user.id, { password: 'too short', version: 2 })).status).toBe(400);

    const [event] = await t.dataSource.query(
      `SELECT before, after, metadata FROM audit_event WHERE action = 'user.update' AND entity_id = $1`,
      [user.id],
    );
    expect(event.metadata).toEqual({ passwordReset: true, sessionsEnded: true });
    expect(JSON.stringify(event)).not.toMatch(/argon2|passphrase/);
  });

  it('deactivates and reactivates a user', async () => {
    const user = await create();
    const session = (await signIn(user.email, user.password)).body;
    const off = await patch(user.id, { active: false, version: 1 });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await api().get('/auth/me').set('Authorization', bearer(session.accessToken))).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(401);

    const on = await patch(user.id, { active: true, version: 2 });
    expect(on.body.active).toBe(true);
    expect((await signIn(user.email, user.password)).status).toBe(200);
    // The old session stays ended.
    expect((await api().get('/auth/me').set('Authorization', bearer(session.accessToken))).status).toBe(401);
  });
});

describe('the last active admin', () => {
  it('may not be demoted or deactivated, alone or by two admins at once', async () => {
    const adminId = t.users.admin.id;
    const current = async (id: string) => (await record(t.as('admin').get(`/users/${id}`))).body;

    // Leave the test admin as the only active admin (the first-start admin is one too).
    const others = await record(t.as('admin').get('/users').query({ role: 'admin', active: true }));
    for (const other of others.body.items.filter((u: { id: string }) => u.id !== adminId)) {
      expect((await patch(other.id, { active: false, version: other.version })).status).toBe(200);
    }
    const me = await current(adminId);
    for (const change of [{ active: false }, { role: 'manager' }, { role: 'officer', active: false }]) {
      const res = await patch(adminId, { ...change, version: me.version });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'LAST_ADMIN', message: expect.stringMatching(/last active admin/) });
    }
    // Harmless edits of the last admin are fine.
    const renamed = await patch(adminId, {
      displayName: 'The Admin',
      active: true,
      role: 'admin',
      version: me.version,
    });
    expect(renamed.status).toBe(200);

    // Two admins demoting each other at once: at most one succeeds, an admin remains.
    const second = await create({ role: 'admin' });
    const secondToken = (await signIn(second.email, second.password)).body.accessToken;
    const mine = await current(adminId);
    const [a, b] = await Promise.all([
      record(t.as('admin').patch(`/users/${second.id}`).send({ role: 'officer', version: second.version })),
      record(
        api()
          .patch(`/users/${adminId}`)
          .set('Authorization', bearer(secondToken))
          .send({ role: 'officer', version: mine.version }),
      ),
    ]);
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`);
    expect(n).toBe(1);
  });
});

describe('secrets', () => {
  it('never sent a password, a hash or a session version in any response of this file', () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const res of seen) {
      const text = JSON.stringify(res.body);
      // As values or as keys; a 400 may name a refused field, which is no secret.
      expect(text).not.toMatch(/argon2|"(password|password_?hash|session_?version)":/i);
      for (const password of passwords) expect(text).not.toContain(password);
    }
  });
});
