import { registerAs } from '@nestjs/config';
import { IsEmail, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ConfigError, validateEnv } from './env.validation.js';

/**
 * The signing key earlier versions used when JWT_SECRET was unset. It is public (it was
 * in the repository), so anyone could mint tokens with it: it is refused everywhere.
 */
export const PUBLISHED_JWT_SECRET = 'mou-tracker-development-secret-do-not-use-in-production';

export class AuthEnv {
  /** Unset: the API makes a key on first start and keeps it in the database (see auth/signing-key.ts). */
  @IsOptional()
  @IsString()
  @Length(32, 512, { message: 'must be 32 to 512 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token; short, since a refresh token renews it. */
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 14;

  /** First start only: the first admin, when no user exists yet. */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @Length(12, 200, { message: 'must be 12 to 200 characters' })
  ADMIN_PASSWORD?: string;

  /** Failed logins allowed per account, and per client IP, in LOGIN_WINDOW_SECONDS. */
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT: number = 5;

  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_MAX_FAILURES_PER_IP: number = 20;

  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_WINDOW_SECONDS: number = 900;

  /** Comma-separated origins allowed to call the API from a browser; empty allows none. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;
}

export interface AuthConfig {
  /** The configured key; undefined means the installation's own, made on first start. */
  jwtSecret?: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  adminEmail?: string;
  adminPassword?: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  loginWindowSeconds: number;
  corsOrigins: string[];
}

export function loadAuthConfig(env = process.env): AuthConfig {
  const v = validateEnv(AuthEnv, env);
  if (v.JWT_SECRET === PUBLISHED_JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET is a published value anyone can sign with; set a secret of your own or leave it unset',
    );
  }
  if (!!v.ADMIN_EMAIL !== !!v.ADMIN_PASSWORD) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD go together; set both or neither');
  }
  return {
    jwtSecret: v.JWT_SECRET,
    accessTtlSeconds: v.JWT_ACCESS_TTL_SECONDS,
    refreshTtlDays: v.REFRESH_TOKEN_TTL_DAYS,
    adminEmail: v.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: v.ADMIN_PASSWORD,
    maxFailuresPerAccount: v.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: v.LOGIN_MAX_FAILURES_PER_IP,
    loginWindowSeconds: v.LOGIN_WINDOW_SECONDS,
    corsOrigins: (v.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}

export const authConfig = registerAs('auth', () => loadAuthConfig());
