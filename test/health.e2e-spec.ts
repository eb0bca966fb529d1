import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisProcess } from './support/redis-process.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { serverUrl } from './support/test-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/test-worker.js';

/**
 * GET /health on an API whose Redis is a private redis-server and whose PostgreSQL sits
 * behind a TCP relay of the test's own, so either can go down for this app alone and no
 * other test file is disturbed. Answers are shared for up to a second, so each step polls
 * until the answer it waits for comes.
 */
let t: TestApp;
let redis: RedisProcess;
let postgres: TcpProxy;
const sharedRedisUrl = process.env.REDIS_URL;

beforeAll(async () => {
  redis = await RedisProcess.start();
  const server = new URL(serverUrl);
  postgres = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
  process.env.REDIS_URL = redis.url;
  t = await startTestApp(undefined, { databaseUrl: (url) => postgres.via(url) });
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
  await postgres?.stop();
  if (sharedRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = sharedRedisUrl;
});

async function healthIs(status: number) {
  let res!: Awaited<ReturnType<typeof t.anonymous.get>>;
  await eventually(async () => {
    res = await t.anonymous.get('/health');
    expect(res.status).toBe(status);
  }, 20_000);
  return res;
}

describe('GET /health', () => {
  it('answers 200 without a token, with security headers and no caching', async () => {
    const res = await t.anonymous.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
      error: {},
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
    expect(res.headers['cache-control']).toMatch(/no-store/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers 503 naming Redis while it is down, and 200 again once it is back', async () => {
    await redis.stop();
    try {
      const down = await healthIs(503);
      expect(down.body).toMatchObject({
        statusCode: 503,
        status: 'error',
        message: expect.stringMatching(/^Unavailable: redis: /),
        info: { postgres: { status: 'up' } },
        error: { redis: { status: 'down', message: expect.any(String) } },
        requestId: down.headers['x-request-id'],
      });
      expect(down.body.error.postgres).toBeUndefined();
    } finally {
      await redis.start();
    }
    await healthIs(200);
  }, 60_000);

  it('answers 503 naming PostgreSQL while it is unreachable, and 200 again once it is back', async () => {
    await postgres.stop();
    try {
      const down = await healthIs(503);
      expect(down.body).toMatchObject({
        statusCode: 503,
        status: 'error',
        message: expect.stringMatching(/^Unavailable: postgres: /),
        info: { redis: { status: 'up' } },
        error: { postgres: { status: 'down', message: expect.any(String) } },
        requestId: down.headers['x-request-id'],
      });
      expect(down.body.error.redis).toBeUndefined();
    } finally {
      await postgres.start();
    }
    await healthIs(200);
  }, 60_000);

  it('shares one check among callers within a second instead of asking PostgreSQL each time', async () => {
    // A first caller may still get the answer of an earlier test: go again until this
    // round made the one check (a round that made none shared an older answer).
    await eventually(async () => {
      const { queries } = await t.countQueries(async () => {
        await Promise.all(Array.from({ length: 20 }, () => t.anonymous.get('/health').expect(200)));
      });
      expect(queries.filter((sql) => /SELECT 1/.test(sql))).toHaveLength(1);
    });
  });
});
