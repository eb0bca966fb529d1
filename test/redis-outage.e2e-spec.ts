import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import { RedisProcess } from './support/redis-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TEST_PASSWORD } from './support/test-users.js';

/**
 * The API on a private redis-server that the test stops and starts (the shared one serves
 * other test files). What Redis is for in the API, and what an outage does to it:
 * - sign-in limits: counted in each instance's memory meanwhile; sign-in works and stays limited;
 * - /health: answers 503 naming Redis, at once.
 * No request waits on Redis: a bound (BOUND_MS) fails the test instead of Jest's timeout.
 */
const BOUND_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
let redis: RedisProcess;
const saved = { REDIS_URL: process.env.REDIS_URL, LIMIT: process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT };

beforeAll(async () => {
  redis = await RedisProcess.start();
  process.env.REDIS_URL = redis.url;
  process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = '3';
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
  for (const [key, value] of [
    ['REDIS_URL', saved.REDIS_URL],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', saved.LIMIT],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const api = () => request(t.app.getHttpServer());
const login = (email: string, password: string) =>
  api().post('/auth/login').timeout(BOUND_MS).send({ email, password });

async function keysInRedis(pattern: string): Promise<string[]> {
  const client = new Redis(redis.url);
  try {
    return await client.keys(pattern);
  } finally {
    client.disconnect();
  }
}

describe('while Redis is down', () => {
  it('signs people in, answers wrong passwords, keeps limiting, and says so on /health', async () => {
    const session = await login(t.users.officer.email, TEST_PASSWORD).expect(200);
    await redis.stop();

    const started = Date.now();
    const signedIn = await login(t.users.officer.email, TEST_PASSWORD);
    expect(signedIn.status).toBe(200);
    expect((await api().get('/auth/me').set('Authorization', `Bearer ${signedIn.body.accessToken}`)).status).toBe(200);
    const refreshed = await api()
      .post('/auth/refresh')
      .timeout(BOUND_MS)
      .send({ refreshToken: session.body.refreshToken });
    expect(refreshed.status).toBe(200);

    // The limit still holds, counted in this instance's memory.
    for (let i = 0; i < 3; i += 1) expect((await login(t.users.manager.email, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(t.users.manager.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');

    await sleep(1100); // /health shares an answer for up to a second
    const health = await api().get('/health').timeout(BOUND_MS);
    expect(health.status).toBe(503);
    expect(health.body.error.redis).toEqual({ status: 'down', message: expect.any(String) });
    // Nine requests above (and a pause of 1.1 s), none waiting on Redis.
    expect(Date.now() - started).toBeLessThan(BOUND_MS + 1100);
  });

  it('counts in Redis again once it is back', async () => {
    await redis.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      await sleep(500);
      status = (await api().get('/health')).status;
    }
    expect(status).toBe(200);
    expect((await login(t.users.auditor.email, 'wrong')).status).toBe(401);
    expect(await keysInRedis('*:auth:fail:account:auditor@oag.go.th')).toHaveLength(1);
    expect((await login(t.users.auditor.email, TEST_PASSWORD)).status).toBe(200);
  });
});
