import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadAuthConfig, loadRedisConfig } from '@mou/config';
import { LoginThrottle, TooManyAttemptsError } from './login-throttle.js';

describe('LoginThrottle without Redis', () => {
  it('keeps limiting, per process, while Redis cannot be reached', async () => {
    // Port 9 (discard) has no Redis; lazyConnect keeps the client from ever being ready.
    const redis = new Redis('redis://127.0.0.1:9', { lazyConnect: true, enableOfflineQueue: false });
    const config = loadAuthConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', LOGIN_MAX_FAILURES_PER_IP: '100' });
    const throttle = new LoginThrottle(redis, config, loadRedisConfig({ REDIS_PREFIX: 'unit' }));
    try {
      for (let i = 0; i < 2; i += 1) await (await throttle.begin('192.0.2.1', 'someone@mdes.go.th')).failed();
      const blocked = throttle.begin('192.0.2.1', 'Someone@MDES.go.th');
      await expect(blocked).rejects.toBeInstanceOf(TooManyAttemptsError);
      const other = await throttle.begin('192.0.2.1', 'other@mdes.go.th');
      await other.succeeded();
      // A success clears the account's count; so does the window's end (not waited for here).
      const throttle2 = new LoginThrottle(redis, config, loadRedisConfig({ REDIS_PREFIX: 'unit2' }));
      await (await throttle2.begin('192.0.2.1', 'a@mdes.go.th')).failed();
      await (await throttle2.begin('192.0.2.1', 'a@mdes.go.th')).succeeded();
      await (await throttle2.begin('192.0.2.1', 'a@mdes.go.th')).failed();
      await expect(throttle2.begin('192.0.2.1', 'a@mdes.go.th')).resolves.toBeDefined();
    } finally {
      redis.disconnect();
    }
  });
});
