import pg from 'pg';
import { migrateDatabase } from '../../libs/database/src/index.js';
import { randomBytes } from 'node:crypto';

/** The server tests run against; override with TEST_DATABASE_SERVER_URL. */
export const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A fresh database for one test file, copied from the migrated template in milliseconds. */
export async function cloneTemplate(): Promise<{ name: string; url: string }> {
  const template = process.env.MOU_TEST_TEMPLATE;
  if (!template) throw new Error('MOU_TEST_TEMPLATE is not set: run tests through jest (globalSetup makes it)');
  await ensureTemplate(template);
  const name = uniqueName('mou_test');
  await onServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: databaseUrl(name) };
}

const TEMPLATE_LOCK = 72_017_0531;

/** Builds the run's template once: the first test file migrates it, the rest wait and reuse it. */
async function ensureTemplate(template: string): Promise<void> {
  await onServer(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (found.rowCount) return;
      await migrateDatabase(databaseUrl(template));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}
