import { once } from 'node:events';
import type { ClientBase, Pool, PoolClient, QueryResult } from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { parameterTypesSql, settingsFor } from './report-sql.js';

/**
 * A report transaction's settings ($1: the office zone). ISO DateStyle lets dates be
 * written by date_out. (Like every connection of the app's pool, it runs without JIT:
 * connectionOptions in @mou/database.)
 */
export const reportSessionSql = "SELECT set_config('TimeZone', $1, true), set_config('DateStyle', 'ISO, YMD', true)";

/**
 * `COPY (sql) TO STDOUT` with `params` set up on `client` (in its open transaction) as
 * settings the statement reads back, each cast to the type PostgreSQL infers for it.
 */
export async function copyStatement(
  client: ClientBase,
  sql: string,
  params: unknown[],
  format: 'csv' | 'text',
): Promise<string> {
  let types: string[] = [];
  if (params.length) {
    const results = (await client.query(parameterTypesSql(sql))) as unknown as QueryResult[];
    types = results[1].rows[0].types;
  }
  const bound = settingsFor(sql, params, types);
  await client.query(bound.setup, bound.values);
  return `COPY (${bound.sql}) TO STDOUT WITH (FORMAT ${format})`;
}

/**
 * A connection of the report's own, taken from the app's pool, holding one read-only
 * transaction: one snapshot for the whole file, and the office time zone and ISO
 * DateStyle set for it alone (SET LOCAL), so nothing leaks into the pool. A connection
 * given up mid-COPY (client gone, error) is discarded, never handed back with a half-read
 * result.
 */
export class ReportConnection {
  private closed = false;

  private constructor(private readonly client: PoolClient) {}

  static async open(db: DataSource, timeZone: string): Promise<ReportConnection> {
    const client = await ((db.driver as PostgresDriver).master as Pool).connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(reportSessionSql, [timeZone]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    return new ReportConnection(client);
  }

  /**
   * The rows as COPY writes them (csv, or text for parsing), streamed with back-pressure.
   * Resolves once the first bytes (or the end) arrive, so a failing statement is still an
   * ordinary error before any response header goes out.
   */
  async copy(sql: string, params: unknown[], format: 'csv' | 'text'): Promise<CopyToStreamQuery> {
    const stream = this.client.query(copyTo(await copyStatement(this.client, sql, params, format)));
    await once(stream, 'readable');
    return stream;
  }

  async rows(sql: string, params: unknown[]): Promise<Array<Array<string | null>>> {
    return (await this.client.query({ text: sql, values: params, rowMode: 'array' })).rows;
  }

  /** Commits and hands the connection back; after a failure, discards it. Safe to call twice. */
  async close(failed = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (failed) return this.client.release(true);
    try {
      await this.client.query('COMMIT');
      this.client.release();
    } catch (error) {
      this.client.release(true);
      throw error;
    }
  }
}
