import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg, { type ClientBase, type Pool, type PoolClient, type QueryResult } from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { registerStatementSamples } from '@mou/database';
import { everyAuditEventFilter } from '../audit/audit.repository.js';
import { agreementsReport } from './agreements.report.js';
import { auditEventsReport } from './audit-events.report.js';
import { deadlinesReport } from './deadlines.report.js';
import type { AuditEventsReportQuery } from './dto/report-options.query.js';
import { milestonesReport } from './milestones.report.js';
import type { ReportColumn, ReportSource } from './report-source.js';
import { type Calendar, cellSql, instantSql } from './report-sql.js';
import { reportSampleQueries } from './report-statements.repository.js';

/**
 * A report transaction's settings ($1: the office zone). ISO DateStyle lets dates be
 * written by date_out. (Like every connection of the app's pool, it runs without JIT:
 * connectionOptions in @mou/database.)
 */
export const reportSessionSql = "SELECT set_config('TimeZone', $1, true), set_config('DateStyle', 'ISO, YMD', true)";

/** The report's rows as text cells, in its columns' order; `csv` neutralises formulas. */
export function formattedSql(sql: string, columns: ReportColumn[], settings: Calendar, csv: boolean): string {
  const cells = columns.map((column) => cellSql(`r."${column.field}"`, column.kind, settings, csv));
  return `SELECT ${cells.join(', ')} FROM (${sql}) r`;
}

/** An instant ($1) as the report writes it: the PDF's "generated at". */
const instantTextSql = (settings: Calendar): string => `SELECT ${instantSql('$1::timestamptz', settings)}`;

/** node-postgres' own text form of a bind parameter: arrays as array literals, dates as ISO, objects as JSON. */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): string | null } }).utils;

/**
 * COPY takes no bind parameters. Rather than splice user text into SQL, each parameter is
 * set as a transaction-local setting (bound, so never parsed as SQL) and the statement
 * reads it back with current_setting(), cast to `types`: the type PostgreSQL infers for
 * that parameter of the same statement bound (parameterTypesSql), so a date compares as a
 * date and an array is an array, exactly as in the list route.
 */
export function settingsFor(
  sql: string,
  params: unknown[],
  types: readonly string[],
): { sql: string; setup: string; values: string[] } {
  const names = params.map((_, i) => `mou_report.p${i + 1}`);
  const texts = params.map((param) => prepareValue(param));
  return {
    sql: sql.replace(/\$(\d+)\b/g, (_, n: string) => {
      const i = Number(n) - 1;
      return texts[i] === null ? `NULL::${types[i]}` : `current_setting('${names[i]}')::${types[i]}`;
    }),
    setup: `SELECT ${['NULL', ...names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`)].join(', ')}`,
    values: names.flatMap((name, i) => [name, texts[i] ?? '']),
  };
}

/**
 * Statements that make PostgreSQL describe `sql`'s parameters: the second one's row holds
 * their types (regtype names, in order), as PREPARE inferred them. Sent as one simple
 * query; `sql` holds only placeholders, never values.
 */
export function parameterTypesSql(sql: string): string {
  return [
    `PREPARE mou_report_statement AS ${sql}`,
    "SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'mou_report_statement'",
    'DEALLOCATE mou_report_statement',
  ].join('; ');
}

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
    const results = (await client.query(parameterTypesSql(sql))) as unknown as QueryResult<{ types: string[] }>[];
    types = results[1].rows[0].types;
  }
  const bound = settingsFor(sql, params, types);
  await client.query(bound.setup, bound.values);
  return copySql(bound.sql, format);
}

const copySql = (sql: string, format: string): string => `COPY (${sql}) TO STDOUT WITH (FORMAT ${format})`;

const SAMPLE_DAY = '2026-12-04';
/** Every report with every filter on, as it runs. */
const sampleSources = (): ReportSource[] => [
  ...[...reportSampleQueries.agreements, ...reportSampleQueries.agreementsStoredStatus].map((query) =>
    agreementsReport(query, SAMPLE_DAY),
  ),
  ...reportSampleQueries.milestones.map((query) => milestonesReport(query, SAMPLE_DAY)),
  ...reportSampleQueries.deadlines.map((query) => deadlinesReport(query, SAMPLE_DAY)),
  auditEventsReport(everyAuditEventFilter as AuditEventsReportQuery),
];

// Each report's statement formatted every way (every cell kind, CSV's formula guard), the
// settings a COPY reads its parameters from, and the PDF's "generated at".
registerStatementSamples(import.meta.url, () => ({
  ...Object.fromEntries(
    sampleSources().flatMap((source, i) => [
      [
        `${source.name} ${i} csv buddhist th`,
        () => formattedSql(source.sql, source.columns, { calendar: 'buddhist', locale: 'th' }, true),
      ],
      [
        `${source.name} ${i} xlsx buddhist en`,
        () => formattedSql(source.sql, source.columns, { calendar: 'buddhist', locale: 'en' }, false),
      ],
      [
        `${source.name} ${i} gregorian`,
        () => formattedSql(source.sql, source.columns, { calendar: 'gregorian', locale: 'en' }, false),
      ],
    ]),
  ),
  copySettings: () => settingsFor('SELECT $1::int, $2::text', [1, 'x'], ['integer', 'text']).setup,
  instantGregorian: () => instantTextSql({ calendar: 'gregorian', locale: 'en' }),
  instantBuddhist: () => instantTextSql({ calendar: 'buddhist', locale: 'th' }),
  copy: () => copySql('SELECT 1 AS one', 'csv'),
}));

/**
 * A connection of the report's own, taken from the app's pool, holding one read-only
 * transaction: one snapshot for the whole file, and the office time zone and ISO
 * DateStyle set for it alone (SET LOCAL), so nothing leaks into the pool. A connection
 * given up mid-COPY (client gone, error) is discarded, never handed back with a half-read
 * result.
 */
export class ReportConnection {
  private closed = false;

  constructor(private readonly client: PoolClient) {}

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

  /** At most `limit` rows, each an array of text cells. */
  async rows(sql: string, params: unknown[], limit: number): Promise<Array<Array<string | null>>> {
    return (await this.client.query({ text: `${sql} LIMIT ${limit}`, values: params, rowMode: 'array' })).rows;
  }

  /** An instant as the report's cells write it, in the office zone. */
  async instantText(at: Date, settings: Calendar): Promise<string | null> {
    const [[text]] = (await this.client.query({ text: instantTextSql(settings), values: [at], rowMode: 'array' }))
      .rows as Array<[string | null]>;
    return text;
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

/** Where reports reach the database: a read-only connection per export. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async open(timeZone: string): Promise<ReportConnection> {
    const client = await ((this.db.driver as PostgresDriver).master as Pool).connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(reportSessionSql, [timeZone]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    return new ReportConnection(client);
  }
}
