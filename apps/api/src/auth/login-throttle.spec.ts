import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadAuthConfig, loadRedisConfig } from '@mou/config';
import { LoginThrottle, TooManyAttemptsException } from './login-throttle.js';

describe('LoginThrottle without Redis', () => {
  it('keeps limiting, per process, while Redis cannot be reached', async () => {
    // Port 9 (discard) has no Redis; lazyConnect keeps the client from ever being ready.
    const redis = new Redis('redis://127.0.0.1:9', { lazyConnect: true, enableOfflineQueue: false });
    const config = loadAuthConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', LOGIN_MAX_FAILURES_PER_IP: '100' });
    const throttle = new LoginThrottle(redis, config, loadRedisConfig({ REDIS_PREFIX: 'unit' }));
    try {
      for (let i = 0; i < 2; i += 1) {
        await throttle.assertAllowed('192.0.2.1', 'someone@mdes.go.th');
        await throttle.fail('192.0.2.1', 'someone@mdes.go.th');
      }
      const blocked = throttle.assertAllowed('192.0.2.1', 'Someone@MDES.go.th');
      await expect(blocked).rejects.toBeInstanceOf(TooManyAttemptsException);
      await expect(throttle.assertAllowed('192.0.2.1', 'other@mdes.go.th')).resolves.toBeUndefined();
      await throttle.succeeded('someone@mdes.go.th');
      await expect(throttle.assertAllowed('192.0.2.1', 'someone@mdes.go.th')).resolves.toBeUndefined();
    } finally {
      redis.disconnect();
    }
  });
});
