import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../../libs/database/src/index.js';
import { databaseUrl, dropDatabase, onServer } from '../../support/test-database.js';

export interface BenchDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  /** Closes the pool and drops the database; safe to call more than once. */
  drop(): Promise<void>;
}

/**
 * A database of the bench's own (mou_bench_<pid>), migrated with the product's migrations,
 * so the shared and test databases are never touched. Left behind only with BENCH_KEEP_DB=1.
 * BENCH_DATABASE=<name> reuses a database an earlier run kept (migrated to the current
 * schema, never dropped), so a bench can be repeated without loading its data again.
 */
export async function createBenchDatabase(poolSize = 4): Promise<BenchDatabase> {
  const reused = process.env.BENCH_DATABASE;
  const name = reused ?? `mou_bench_${process.pid}`;
  const url = databaseUrl(name);
  if (!reused) {
    await dropDatabase(name);
    await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  }
  const dataSource = createDataSource(url, poolSize);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (reused || process.env.BENCH_KEEP_DB === '1') {
      console.log(`database ${name} kept (${url}); BENCH_DATABASE=${name} reuses it`);
      return;
    }
    await dropDatabase(name);
  };
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, dataSource, drop };
}
