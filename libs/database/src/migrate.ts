import pg from 'pg';
import { DataSource } from 'typeorm';
import { isUnreachable, ServiceUnreachableError } from './connection-error.js';
import { createDataSource } from './data-source.js';

// Any constant shared by every process of this product; it names the migration lock.
const MIGRATION_LOCK_KEY = 72_017_0530;

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>, shownUrl = url): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    if (isUnreachable(error)) throw new ServiceUnreachableError('PostgreSQL', shownUrl, error);
    throw error;
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(
    maintenanceUrl(url),
    async (client) => {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (error) {
        // Another process created it between our check and our CREATE.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    },
    url,
  );
}

/**
 * Applies pending migrations once, however many processes start together: each waits
 * for a session-level advisory lock, and whoever comes second finds nothing pending.
 */
export async function runMigrations(dataSource: DataSource, url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

/** Creates the database if needed and applies pending migrations as the schema owner. */
export async function migrateDatabase(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const owner = createDataSource(url, 1);
  try {
    await owner.initialize();
  } catch (error) {
    if (isUnreachable(error)) throw new ServiceUnreachableError('PostgreSQL', url, error);
    throw error;
  }
  try {
    return await runMigrations(owner, url);
  } finally {
    await owner.destroy();
  }
}
