import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import { redisConfig } from '@mou/config';
import { ServiceUnreachableError } from '@mou/database';
import { withTimeout } from './with-timeout.js';

export const REDIS = Symbol('REDIS');

/** A Redis command (sign-in counts, the health PING) gets no longer than this to answer. */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * Connects once at boot; an unreachable Redis stops the boot with one line naming the URL.
 *
 * After boot this client serves requests (sign-in limits, /health), which must never
 * wait on Redis without bound: while it is down, commands fail at once instead of
 * queueing for a reconnect (enableOfflineQueue false), and one sent just before it went
 * away fails after REDIS_COMMAND_TIMEOUT_MS. Callers decide what an outage means for them.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastError: unknown;
  // Reconnects by itself after boot; /health reports the state meanwhile.
  client.on('error', (error) => (lastError = error));
  try {
    await withTimeout(client.connect(), 5000, () => Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
  } catch (error) {
    client.disconnect();
    throw new ServiceUnreachableError('Redis', url, lastError ?? error);
  }
  return client;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    new Logger('Redis').log('Redis connection closed');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) => connectRedis(config.url),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
