import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../apps/api/src/app.module.js';
import { configureApp } from '../apps/api/src/configure-app.js';
import { createFastifyAdapter } from '../apps/api/src/create-app.js';
import { PUBLISHED_JWT_SECRET } from '../config/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Without JWT_SECRET (as `npm start` runs and as these tests run), the API signs with a key
 * of the installation's own, made on first start and kept in the database.
 */
let t: TestApp;
let databaseUrl: string;
const saved = process.env.JWT_SECRET;

beforeAll(async () => {
  delete process.env.JWT_SECRET;
  t = await startTestApp();
  databaseUrl = process.env.DATABASE_URL!;
});
afterAll(async () => {
  await t?.close();
  if (saved !== undefined) process.env.JWT_SECRET = saved;
});

const me = (app: NestFastifyApplication, token: string) =>
  request(app.getHttpServer()).get('/auth/me').set('Authorization', `Bearer ${token}`);
const adminClaims = () => ({ sub: t.users.admin.id, role: 'admin', sv: 1 });

async function installationKey(app: TestApp): Promise<string> {
  const [row] = await app.ownerQuery<{ value: string }>(
    `SELECT value FROM installation_secret WHERE name = 'jwt-signing-key'`,
  );
  return row.value;
}

describe('the key access tokens are signed with', () => {
  it('is not the value once published in the repository: a token signed with that is refused', async () => {
    const forged = await new JwtService({ secret: PUBLISHED_JWT_SECRET }).signAsync(adminClaims(), {
      expiresIn: 900,
    });
    const res = await me(t.app, forged);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect((await me(t.app, t.users.admin.token)).status).toBe(200);
  });

  it('is made at random for each installation', async () => {
    const key = await installationKey(t);
    expect(key).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const other = await startTestApp();
    try {
      expect(await installationKey(other)).not.toBe(key);
      // A token of one installation opens nothing in another.
      const res = await me(
        other.app,
        await new JwtService({ secret: key }).signAsync(adminClaims(), { expiresIn: 900 }),
      );
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('is kept across restarts: tokens issued before one still work after it', async () => {
    const key = await installationKey(t);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = databaseUrl;
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const restarted = configureApp(
      moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger: false }),
    );
    try {
      await restarted.init();
      await restarted.getHttpAdapter().getInstance().ready();
      expect(await installationKey(t)).toBe(key);
      expect((await me(restarted, t.users.admin.token)).status).toBe(200);
    } finally {
      await restarted.close();
      process.env.DATABASE_URL = saved;
    }
  });

  it('signs nothing that lasts for ever: a token without exp is refused', async () => {
    const key = await installationKey(t);
    const forever = await new JwtService({ secret: key }).signAsync(adminClaims());
    expect(JSON.parse(Buffer.from(forever.split('.')[1], 'base64url').toString()).exp).toBeUndefined();
    const res = await me(t.app, forever);
    expect(res.status).toBe(401);
    const expiring = await new JwtService({ secret: key }).signAsync(adminClaims(), { expiresIn: 900 });
    expect((await me(t.app, expiring)).status).toBe(200);
  });
});
