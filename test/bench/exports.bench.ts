import { type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { freePort } from '../support/redis-process.js';
import {
  bareCopyExport,
  benchLog,
  benchUserToken,
  type CopyRun,
  createBenchDatabase,
  dropOnSignal,
  env,
  figure,
  type Figure,
  formatTable,
  loadOrReuseDataset,
  machineInfo,
  postgresVersion,
  round,
  rssPeakSampler,
  startBenchApi,
  stopChild,
  writeResults,
} from './support/index.js';

/**
 * Export numbers the reports issue sets, measured against the built API in a process of
 * its own (so its memory is the server's alone), on a registry of 1M agreements:
 *  - CSV of every agreement >= 100,000 rows/s, and >= 0.5x the same statement as a bare
 *    `COPY … TO STDOUT` (issue 6); XLSX >= a quarter of the CSV rate;
 *  - the server's peak RSS while exporting 1M rows at most 100 MB above its peak while
 *    exporting 100k rows, for each format (memory must not grow with the row count).
 * Needs `npm run build` first. Sizes come from BENCH_EXPORT_* variables; results go to
 * bench-results/exports.json.
 */
const settings = { agreements: env('BENCH_EXPORT_AGREEMENTS', 1_000_000) };
const TARGET = { csvRowsPerSecond: 100_000, csvShareOfCopy: 0.5, rssGrowthMB: 100, xlsxShareOfCsv: 0.25 };
const RESULTS = 'bench-results/exports.json';
const JWT_SECRET = 'bench-exports-secret-0123456789abcdef';
// References run <prefix>-<year>-<6 digits>: '-0' picks agreements 1 to 99,999 (a 100k export).
const SMALL = { q: '-0' };

const log = benchLog('exports');

interface Run {
  format: string;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
}

/** One export, read as fast as the socket gives it, with the server's RSS sampled every 50 ms. */
async function exportOnce(
  port: number,
  token: string,
  apiPid: number,
  format: string,
  filters: Record<string, string>,
  rowCount: () => Promise<number>,
): Promise<Run> {
  const query = new URLSearchParams({ format, includeArchived: 'true', ...filters });
  const rss = rssPeakSampler(apiPid, 50);
  const started = performance.now();
  try {
    const bytes = await new Promise<number>((resolve, reject) => {
      const request = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/reports/agreements?${query}`,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
          let total = 0;
          res.on('data', (chunk: Buffer) => (total += chunk.length));
          res.on('end', () => resolve(total));
          res.on('error', reject);
        },
      );
      request.on('error', reject);
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = await rowCount();
    return {
      format,
      rows,
      bytes,
      seconds: round(seconds, 2),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMB: round(rss.peak() / 2 ** 20, 1),
    };
  } finally {
    rss.stop();
  }
}

export async function runExportsBench(): Promise<{ figures: Figure[]; ok: boolean }> {
  const started = performance.now();
  log('creating and migrating the bench database …');
  const bench = await createBenchDatabase();
  let api: ChildProcess | undefined;
  const release = dropOnSignal(bench, () => api?.kill('SIGTERM'));
  try {
    const db = bench.dataSource;
    const postgres = await postgresVersion(db);
    const today = new Date().toISOString().slice(0, 10);
    const loaded = await loadOrReuseDataset(
      db,
      { agreements: settings.agreements, milestonesPerAgreement: 0, today },
      log,
    );

    const token = await benchUserToken(db, JWT_SECRET, 'auditor', 'OAG');
    const rowCount = async () =>
      Number(
        (
          await db.query(
            `SELECT metadata ->> 'rowCount' AS n FROM audit_event WHERE action = 'report.export' ORDER BY seq DESC LIMIT 1`,
          )
        )[0].n,
      );

    const port = await freePort();
    api = await startBenchApi('exports', { databaseUrl: bench.url, port, jwtSecret: JWT_SECRET });
    const run = (format: string, filters: Record<string, string>) =>
      exportOnce(port, token, api!.pid!, format, filters, rowCount);
    log('warming up …');
    await run('csv', { q: '-00001' });
    await run('xlsx', { q: '-00001' });

    const runs: Record<string, Run> = {};
    for (const format of ['csv', 'xlsx']) {
      for (const [size, filters] of [
        ['100k', SMALL],
        ['1M', {}],
      ] as const) {
        log(`${format} export of ${size} rows …`);
        const result = await run(format, filters);
        log(`    ${JSON.stringify(result)}`);
        runs[`${format}-${size}`] = result;
      }
    }

    // The baseline right after the API's own 1M-row CSV, on a cache as warm.
    log('baseline: the same statement as COPY … TO STDOUT through bare pg …');
    const bare: CopyRun = await bareCopyExport(bench.url, today, 'Asia/Bangkok');
    log(`    ${JSON.stringify(bare)}`);
    if (bare.rows !== runs['csv-1M'].rows)
      throw new Error(`bare COPY wrote ${bare.rows} rows, the API ${runs['csv-1M'].rows}`);

    const csvRate = runs['csv-1M'].rowsPerSecond;
    const growth = (format: string) => round(runs[`${format}-1M`].peakRssMB - runs[`${format}-100k`].peakRssMB, 1);
    const figures = [
      figure('csv.rate', `CSV export, ${runs['csv-1M'].rows.toLocaleString('en-US')} rows`, csvRate, 'rows/s', {
        op: '>=',
        value: TARGET.csvRowsPerSecond,
      }),
      figure('csv.bare', `Baseline: COPY … TO STDOUT of the same statement, bare pg`, bare.rowsPerSecond, 'rows/s'),
      figure('csv.ratio', 'CSV export rate ÷ bare COPY rate', round(csvRate / bare.rowsPerSecond, 2), '×', {
        op: '>=',
        value: TARGET.csvShareOfCopy,
      }),
      figure('csv.rss', 'CSV: server peak RSS, 1M-row minus 100k-row export', growth('csv'), 'MB', {
        op: '<',
        value: TARGET.rssGrowthMB,
      }),
      figure(
        'xlsx.rate',
        `XLSX export, ${runs['xlsx-1M'].rows.toLocaleString('en-US')} rows`,
        runs['xlsx-1M'].rowsPerSecond,
        'rows/s',
        {
          op: '>=',
          value: Math.round(csvRate * TARGET.xlsxShareOfCsv),
        },
      ),
      figure('xlsx.rss', 'XLSX: server peak RSS, 1M-row minus 100k-row export', growth('xlsx'), 'MB', {
        op: '<',
        value: TARGET.rssGrowthMB,
      }),
    ];
    const ok = figures.every((f) => f.pass !== false);
    console.log(`\n${formatTable('Export benchmark (GET /reports/agreements)', figures)}\n`);
    writeResults(RESULTS, log, started, {
      bench: 'exports',
      machine: machineInfo(postgres),
      settings,
      dataset: loaded,
      runs,
      bare,
      figures,
      ok,
    });
    return { figures, ok };
  } finally {
    release();
    await stopChild(api);
    await bench.drop();
  }
}
