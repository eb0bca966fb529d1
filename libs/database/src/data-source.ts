import './pg-types.js';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '@mou/migrations';
import { entities } from '@mou/domain';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migration',
    synchronize: false,
    migrationsRun: false,
    // JIT compiling pays off for long analytic queries, not for this product's short
    // ones: a dispatch of 1,000 reminders spent 74 of its 185 ms compiling. Reports turn
    // it off as well (reportSessionSql).
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' },
  };
}

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
