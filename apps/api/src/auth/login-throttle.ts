import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '@mou/common';
import { authConfig, redisConfig } from '@mou/config';

/** 429 with the seconds to wait; the controller's interceptor turns those into Retry-After. */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        message: `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`,
        code: 'TOO_MANY_ATTEMPTS',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Counts failed sign-ins per account (lower-cased email, whether or not a user has it, so
 * the limit reveals nothing) and per client IP, in Redis so every API instance sees the
 * same counts. Each count lives LOGIN_WINDOW_SECONDS from its first failure; at the
 * limit, every attempt is refused with 429 until the window ends, right password or not.
 * While Redis is down, each instance counts on its own.
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
        // While Redis is unreachable, count in this process rather than hang or let everyone through.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: config.loginWindowSeconds }),
      });
    this.byAccount = limiter('account', config.maxFailuresPerAccount);
    this.byIp = limiter('ip', config.maxFailuresPerIp);
  }

  /** Throws 429 when the account (if given) or the IP has used up its failures. */
  async assertAllowed(ip: string, account?: string): Promise<void> {
    const [ipState, accountState] = await Promise.all([
      this.byIp.get(ip),
      account === undefined ? null : this.byAccount.get(accountKey(account)),
    ]);
    const blocked: RateLimiterRes[] = [];
    if (ipState && ipState.consumedPoints >= this.byIp.points) blocked.push(ipState);
    if (accountState && accountState.consumedPoints >= this.byAccount.points) blocked.push(accountState);
    if (blocked.length) throw new TooManyAttemptsException(retryAfter(...blocked));
  }

  /** Counts one failure; throws 429 if it went past a limit (concurrent attempts). */
  async fail(ip: string, account?: string): Promise<void> {
    const results = await Promise.allSettled([
      this.byIp.consume(ip),
      ...(account === undefined ? [] : [this.byAccount.consume(accountKey(account))]),
    ]);
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const errors = rejected.filter((reason) => !(reason instanceof RateLimiterRes));
    if (errors.length) throw errors[0];
    if (rejected.length) throw new TooManyAttemptsException(retryAfter(...(rejected as RateLimiterRes[])));
  }

  /** A successful sign-in clears the account's failures (the IP's stay until their window ends). */
  async succeeded(account: string): Promise<void> {
    await this.byAccount.delete(accountKey(account));
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

function retryAfter(...states: RateLimiterRes[]): number {
  return Math.max(1, ...states.map((state) => Math.ceil(state.msBeforeNext / 1000)));
}
