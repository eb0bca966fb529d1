import './pg-types.js';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '@mou/migrations';

/**
 * Settings every connection of the product starts with (libpq `options`). JIT compiling
 * pays off for long analytic queries, not for this product's: a dispatch of 1,000
 * reminders spent 74 of its 185 ms compiling, and a 1M-row report 5 s. Bare clients that
 * stand for the product in benchmarks connect with the same.
 */
export const connectionOptions = '-c jit=off';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'typeorm_migration',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: connectionOptions },
  };
}

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
