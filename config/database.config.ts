import { registerAs } from '@nestjs/config';
import { IsInt, Matches, Max, Min } from 'class-validator';
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
}

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

export function loadDatabaseConfig(env = process.env): DatabaseConfig {
  const v = validateEnv(DatabaseEnv, env);
  return { url: v.DATABASE_URL, poolSize: v.DATABASE_POOL_SIZE };
}

export const databaseConfig = registerAs('database', () => loadDatabaseConfig());
