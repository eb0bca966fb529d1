import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './env.validation.js';

export class DatabaseEnv {
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'must be a postgres:// URL naming a database',
  })
  DATABASE_URL: string = 'postgres://root@127.0.0.1:5432/mou_tracker';

  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /**
   * The API and worker log in as this role, which the migrations create and which may not
   * rewrite the audit trail or delete records; DATABASE_URL's user owns the schema and
   * runs the migrations.
   */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case PostgreSQL role name' })
  DATABASE_APP_USER: string = 'mou_app';

  @IsOptional()
  @IsString()
  DATABASE_APP_PASSWORD?: string;
}

export interface DatabaseConfig {
  /** The schema owner's connection: migrations and admin scripts. */
  url: string;
  /** The application's own connection, as DATABASE_APP_USER. */
  appUrl: string;
  appUser: string;
  poolSize: number;
}

function withUser(url: string, user: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password ?? '';
  return parsed.toString();
}

export function loadDatabaseConfig(env = process.env): DatabaseConfig {
  const v = validateEnv(DatabaseEnv, env);
  return {
    url: v.DATABASE_URL,
    appUrl: withUser(v.DATABASE_URL, v.DATABASE_APP_USER, v.DATABASE_APP_PASSWORD),
    appUser: v.DATABASE_APP_USER,
    poolSize: v.DATABASE_POOL_SIZE,
  };
}

export const databaseConfig = registerAs('database', () => loadDatabaseConfig());
