import { registerAs } from '@nestjs/config';
import { IsString, Matches } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class RedisEnv {
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Namespaces every key this installation writes, so tests and tenants never collide. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, - or _' })
  @IsString()
  REDIS_PREFIX: string = 'mou';
}

export interface RedisConfig {
  url: string;
  prefix: string;
}

export function loadRedisConfig(env = process.env): RedisConfig {
  const v = validateEnv(RedisEnv, env);
  return { url: v.REDIS_URL, prefix: v.REDIS_PREFIX };
}

export const redisConfig = registerAs('redis', () => loadRedisConfig());
