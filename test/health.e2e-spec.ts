import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisProcess } from './support/redis-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /health on an API whose Redis is a private redis-server, so stopping it disturbs no
 * other test file. Answers are shared for up to a second, so each step waits that long.
 */
let t: TestApp;
let redis: RedisProcess;
const sharedRedisUrl = process.env.REDIS_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await RedisProcess.start();
  process.env.REDIS_URL = redis.url;
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await redis?.stop();
  if (sharedRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = sharedRedisUrl;
});

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
    await sleep(1100);
    const down = await t.anonymous.get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      statusCode: 503,
      status: 'error',
      message: expect.stringMatching(/^Unavailable: redis: /),
      info: { postgres: { status: 'up' } },
      error: { redis: { status: 'down', message: expect.any(String) } },
      requestId: down.headers['x-request-id'],
    });
    expect(down.body.error.postgres).toBeUndefined();

    await redis.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      await sleep(500);
      status = (await t.anonymous.get('/health')).status;
    }
    expect(status).toBe(200);
  }, 30_000);

  it('shares one check among callers within a second instead of asking PostgreSQL each time', async () => {
    await sleep(1100);
    const { queries } = await t.countQueries(async () => {
      await Promise.all(Array.from({ length: 20 }, () => t.anonymous.get('/health').expect(200)));
    });
    expect(queries.filter((sql) => /SELECT 1/.test(sql))).toHaveLength(1);
  });
});
