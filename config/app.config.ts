import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './env.validation.js';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export class AppEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsIn([...zones], { message: 'must be an IANA time zone such as Asia/Bangkok' })
  OFFICE_TIMEZONE: string = 'Asia/Bangkok';

  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Which proxies to believe about the client's address: 'false' (none), 'true' (any),
   * a hop count, or comma-separated addresses/CIDRs of your proxies.
   */
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/,\s]+)$/, {
    message: 'must be true, false, a hop count, or comma-separated proxy addresses',
  })
  TRUST_PROXY: string = 'false';
}

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  officeTimezone: string;
  bodyLimitBytes: number;
  logLevel: string;
  trustProxy: boolean | number | string[];
}

export function loadAppConfig(env = process.env): AppConfig {
  const v = validateEnv(AppEnv, env);
  return {
    nodeEnv: v.NODE_ENV,
    port: v.PORT,
    host: v.HOST,
    officeTimezone: v.OFFICE_TIMEZONE,
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    logLevel: v.LOG_LEVEL,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
  };
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

export const appConfig = registerAs('app', () => loadAppConfig());
