import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { agreementsReport } from '../../../apps/api/src/reports/agreements.report.js';
import type { AgreementsReportQuery } from '../../../apps/api/src/reports/dto/report-options.query.js';
import { copyStatement, formattedSql, reportSessionSql } from '../../../apps/api/src/reports/reports.repository.js';
import { connectionOptions } from '../../../libs/database/src/data-source.js';

export interface CopyRun {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

/**
 * The baseline of the CSV export: the statement the API sends for GET /reports/agreements
 * (every agreement, CSV cells), run as `COPY … TO STDOUT` through a bare `pg` client with
 * the same connection and session settings, its bytes counted and dropped. What
 * PostgreSQL alone costs.
 */
export async function bareCopyExport(databaseUrl: string, today: string, timeZone: string): Promise<CopyRun> {
  const source = agreementsReport({ includeArchived: true } as AgreementsReportQuery, today);
  const sql = formattedSql(source.sql, source.columns, { calendar: 'gregorian', locale: 'en' }, true);
  const client = new pg.Client({ connectionString: databaseUrl, options: connectionOptions });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN READ ONLY');
    await client.query(reportSessionSql, [timeZone]);
    const stream = client.query(copyTo(await copyStatement(client, sql, source.params, 'csv')));
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const rows = stream.rowCount;
    return { rows, bytes, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    await client.end();
  }
}
