import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '@mou/common';
import { authConfig, redisConfig } from '@mou/config';
import { DomainError } from '@mou/domain';

/** 429 with the seconds to wait, which the exception filter sends as Retry-After. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

/** One attempt that has been counted; the caller settles it once the password is checked. */
export interface Attempt {
  /** The password was right: the account's failures are cleared and this attempt is given back. */
  succeeded(): Promise<void>;
  /** The password was wrong: the attempt stays counted as a failure. */
  failed(): Promise<void>;
}

/**
 * Limits sign-in attempts per account (lower-cased email, whether or not a user has it,
 * so the limit reveals nothing) and per client IP, in Redis so every API instance sees
 * the same counts. Each count lives LOGIN_WINDOW_SECONDS from its first attempt.
 *
 * An attempt is counted before its password is checked, by one atomic increment per
 * key, so concurrent attempts cannot all read "under the limit" and all be verified:
 * past the limit the answer is 429 and no password is checked. A right password gives
 * its attempt back; a wrong one leaves it counted.
 *
 * While Redis is unreachable every call fails at once (the client queues nothing and
 * times commands out) and each instance counts in its own memory instead: sign-in keeps
 * working and stays limited.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    @Inject(redisConfig.KEY) redisSettings: ConfigType<typeof redisConfig>,
  ) {
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${redisSettings.prefix}:auth:fail:${name}`,
        points,
        duration: config.loginWindowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: config.loginWindowSeconds }),
      });
    this.byAccount = limiter('account', config.maxFailuresPerAccount);
    this.byIp = limiter('ip', config.maxFailuresPerIp);
  }

  /**
   * Counts one attempt against the IP and, if given, the account; 429 when either has no
   * attempts left. An attempt refused for the account is given back to the IP, which
   * counts only attempts whose password was checked.
   */
  async begin(ip: string, account?: string): Promise<Attempt> {
    await consume(this.byIp, ip);
    const key = account === undefined ? undefined : accountKey(account);
    if (key !== undefined) {
      try {
        await consume(this.byAccount, key);
      } catch (error) {
        await this.byIp.reward(ip);
        throw error;
      }
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byIp.reward(ip), key === undefined ? null : this.byAccount.delete(key)]);
      },
      failed: async () => undefined,
    };
  }
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(retryAfter(error));
    throw error;
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

function retryAfter(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}
