import { type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { connectionOptions } from '../../libs/database/src/data-source.js';
import { freePort } from '../support/redis-process.js';
import { createBenchDatabase } from './support/bench-database.js';
import { round } from './support/dataset.js';
import { figure, type Figure, formatTable, machineInfo, writeJson } from './support/report.js';
import { rssBytes, startBenchApi } from './support/api-process.js';

/**
 * The spreadsheet import numbers of issue 14, against the built API in a process of its
 * own (so its memory is the server's alone), on an empty register: a workbook of 10,000
 * agreements and 50,000 milestones is uploaded, dry-run (≤ 10 s) and committed (≤ 20 s),
 * with the server's RSS growth over the three ≤ 200 MB. Each is printed beside the time
 * of inserting the same rows with one bare multi-row INSERT per table. Sizes come from
 * BENCH_IMPORT_AGREEMENTS / BENCH_IMPORT_MILESTONES_PER_AGREEMENT; results go to
 * bench-results/import.json. Needs `npm run build` first.
 */
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const settings = {
  agreements: env('BENCH_IMPORT_AGREEMENTS', 10_000),
  milestonesPerAgreement: env('BENCH_IMPORT_MILESTONES_PER_AGREEMENT', 5),
};
const TARGET = { dryRunSeconds: 10, commitSeconds: 20, rssGrowthMB: 200 };
const RESULTS = 'bench-results/import.json';
const JWT_SECRET = 'bench-import-secret-0123456789abcdef';

function log(message: string): void {
  console.log(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const kinds = ['MOU', 'บันทึกความร่วมมือ', 'agreement', 'protocol'];
const countries = ['Japan', 'ญี่ปุ่น', 'KR', 'เกาหลีใต้', 'China', 'SG', 'ASEAN', 'France'];
const areas = ['cybersecurity', 'Postal cooperation', 'workforce; disaster-ict', 'ความร่วมมือด้านไปรษณีย์'];

/** Agreement i as a sheet row: Thai and English titles, dates in the forms offices write. */
function agreementRow(prefix: string, i: number): Array<string | number | Date> {
  const year = 2015 + (i % 10);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const signed = i % 3 === 0 ? `${day}/${month}/${year + 543}` : new Date(Date.UTC(year, month - 1, day));
  return [
    `${prefix}-${year}-${String(i).padStart(6, '0')}`,
    `Memorandum of Understanding on Digital Cooperation no. ${i}`,
    `บันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัล ฉบับที่ ${i}`,
    kinds[i % kinds.length],
    'in force',
    `${countries[i % countries.length]}: Partner Ministry ${i % 97}`,
    'MDES',
    areas[i % areas.length],
    signed,
    signed,
    60,
    'by consent',
    90,
  ];
}

const agreementHeadings = [
  'Reference',
  'Title (English)',
  'Title (Thai)',
  'Kind',
  'Status',
  'Parties',
  'Lead agency',
  'Cooperation areas',
  'Signed on',
  'Entry into force',
  'Term (months)',
  'Renewal',
  'Notice (days)',
];

function milestoneRow(prefix: string, i: number, j: number): Array<string | number> {
  const due = `${2027 + (j % 3)}-${String(1 + ((i + j) % 12)).padStart(2, '0')}-${String(1 + (j % 28)).padStart(2, '0')}`;
  return [
    agreementRow(prefix, i)[0] as string,
    `Milestone ${j + 1} of agreement ${i}`,
    'TOT Public Company Ltd',
    due,
    'planned',
    100 * (j + 1),
    'villages',
  ];
}

/** The bench workbook, written by exceljs' streaming writer. */
export async function benchWorkbook(prefix: string, agreements: number, perAgreement: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const sheet = wb.addWorksheet('Agreements');
  sheet.addRow(agreementHeadings).commit();
  for (let i = 1; i <= agreements; i++) {
    const row = sheet.addRow(agreementRow(prefix, i));
    for (const column of [9, 10])
      if (row.getCell(column).value instanceof Date) row.getCell(column).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  sheet.commit();
  const milestones = wb.addWorksheet('Milestones');
  milestones.addRow(['Agreement', 'Milestone', 'Owner', 'Due', 'Status', 'Target', 'Unit']).commit();
  for (let i = 1; i <= agreements; i++) {
    for (let j = 0; j < perAgreement; j++) milestones.addRow(milestoneRow(prefix, i, j)).commit();
  }
  milestones.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

interface Api {
  port: number;
  token: string;
}

async function call(api: Api, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${api.port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.token}`,
      ...(body instanceof FormData ? {} : body ? { 'content-type': 'application/json' } : {}),
    },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300)
    throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

interface Timed<T> {
  result: T;
  seconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: round((performance.now() - started) / 1000, 2) };
}

/** Upload, dry run and commit of one workbook, with the server's peak RSS sampled every 50 ms. */
async function importOnce(api: Api, pid: number, file: Buffer) {
  const base = rssBytes(pid);
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  try {
    const form = new FormData();
    form.append('file', new Blob([file]), 'bench.xlsx');
    const upload = await timed(() => call(api, 'POST', '/imports', form));
    const id = upload.result.id as string;
    const dryRun = await timed(() => call(api, 'POST', `/imports/${id}/dry-run`));
    if ((dryRun.result.summary as { problems: number }).problems) {
      const page = await call(api, 'GET', `/imports/${id}/rows?problems=true&limit=5`);
      throw new Error(`the bench workbook has problems: ${JSON.stringify(page.rows)}`);
    }
    const commit = await timed(() =>
      call(api, 'POST', `/imports/${id}/commit`, { fingerprint: dryRun.result.fingerprint }),
    );
    return {
      id,
      summary: dryRun.result.summary,
      uploadSeconds: upload.seconds,
      dryRunSeconds: dryRun.seconds,
      commitSeconds: commit.seconds,
      rssGrowthMB: round((peak - base) / 2 ** 20, 1),
      peakRssMB: round(peak / 2 ** 20, 1),
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The baseline: the same rows (parsed values, as the commit writes them) as one bare
 * multi-row INSERT per table through a bare pg client: what PostgreSQL alone costs,
 * without parsing, matching, terms, reminders or audit.
 */
async function bareInserts(url: string, prefix: string, agreements: number, perAgreement: number) {
  const client = new pg.Client({ connectionString: url, options: connectionOptions });
  await client.connect();
  const lit = (value: unknown) => (value === null ? 'NULL' : client.escapeLiteral(String(value)));
  try {
    const agreementValues: string[] = [];
    const milestoneValues: string[] = [];
    for (let i = 1; i <= agreements; i++) {
      const row = agreementRow(prefix, i);
      const year = 2015 + (i % 10);
      const date = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const parties = JSON.stringify([
        { country: 'TH', organization: 'MDES' },
        { country: 'JP', organization: `Partner Ministry ${i % 97}` },
      ]);
      agreementValues.push(
        `(${lit(row[0])}, ${lit(row[1])}, ${lit(row[2])}, 'mou', 'in-force', ${lit(parties)}::jsonb, 'MDES', '${date}', '${date}', 60, 'by-consent', 90, 'bench', 'bench')`,
      );
      for (let j = 0; j < perAgreement; j++) {
        const m = milestoneRow(prefix, i, j);
        milestoneValues.push(`(${lit(m[0])}, ${lit(m[1])}, ${lit(m[2])}, '${m[3]}', 'planned', ${m[5]}, ${lit(m[6])})`);
      }
    }
    const insertAgreements = await timed(() =>
      client.query(
        `INSERT INTO agreement (reference, title_en, title_th, kind, status, parties, lead_agency, signed_on, effective_on,
                                term_months, renewal, notice_days, created_by, updated_by)
         VALUES ${agreementValues.join(',\n')}`,
      ),
    );
    const insertMilestones = await timed(() =>
      client.query(
        `INSERT INTO milestone (agreement_id, title, owner_agency, due_on, status, target_value, unit, created_by, updated_by)
         SELECT a.id, v.title, v.owner, v.due::date, v.status, v.target, v.unit, 'bench', 'bench'
           FROM (VALUES ${milestoneValues.join(',\n')}) AS v(reference, title, owner, due, status, target, unit)
           JOIN agreement a ON a.reference = v.reference`,
      ),
    );
    return {
      agreementsSeconds: insertAgreements.seconds,
      milestonesSeconds: insertMilestones.seconds,
      seconds: round(insertAgreements.seconds + insertMilestones.seconds, 2),
    };
  } finally {
    await client.end();
  }
}

export async function runImportBench(): Promise<{ figures: Figure[]; ok: boolean }> {
  const started = performance.now();
  log('creating and migrating the bench database …');
  const bench = await createBenchDatabase();
  let apiProcess: ChildProcess | undefined;
  const stop = (signal: NodeJS.Signals) => {
    apiProcess?.kill('SIGTERM');
    void bench.drop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const db = bench.dataSource;
    const [{ server_version: postgres }] = await db.query('SHOW server_version');
    const [{ id }] = await db.query(
      `INSERT INTO app_user (email, display_name, role, agency, password_hash, created_by, updated_by)
       VALUES ('manager@bench.example', 'Bench manager', 'manager', 'MDES', 'not-a-hash', 'bench', 'bench')
       ON CONFLICT ON CONSTRAINT uq_app_user_email DO UPDATE SET role = 'manager'
       RETURNING id`,
    );
    const token = await new JwtService({ secret: JWT_SECRET }).signAsync(
      { sub: id, role: 'manager', sv: 1 },
      { expiresIn: '2h' },
    );
    const run = `B${process.pid % 100_000}`;
    const { agreements, milestonesPerAgreement } = settings;

    log(
      `writing the workbook: ${agreements.toLocaleString('en-US')} agreements, ${(agreements * milestonesPerAgreement).toLocaleString('en-US')} milestones …`,
    );
    const file = await benchWorkbook(`${run}I`, agreements, milestonesPerAgreement);
    log(`    ${round(file.length / 2 ** 20, 1)} MB`);

    const port = await freePort();
    apiProcess = await startBenchApi('import', { databaseUrl: bench.url, port, jwtSecret: JWT_SECRET });
    const api = { port, token };
    log('warming up with a 20-agreement workbook …');
    await importOnce(api, apiProcess.pid!, await benchWorkbook(`${run}W`, 20, 2));

    log('upload, dry run and commit …');
    const first = await importOnce(api, apiProcess.pid!, file);
    log(`    ${JSON.stringify(first)}`);
    log('the same workbook again (every row unchanged) …');
    const again = await timed(async () => {
      const form = new FormData();
      form.append('file', new Blob([file]), 'bench.xlsx');
      const uploaded = await call(api, 'POST', '/imports', form);
      return call(api, 'POST', `/imports/${uploaded.id as string}/dry-run`);
    });
    log(`    ${again.seconds} s, ${JSON.stringify(again.result.summary)}`);

    log('baseline: one bare multi-row INSERT per table of the same rows …');
    const bare = await bareInserts(bench.url, `${run}X`, agreements, milestonesPerAgreement);
    log(`    ${JSON.stringify(bare)}`);

    const label = `${agreements.toLocaleString('en-US')} agreements + ${(agreements * milestonesPerAgreement).toLocaleString('en-US')} milestones`;
    const figures = [
      figure('dryRun', `Dry run, ${label}`, first.dryRunSeconds, 's', { op: '<=', value: TARGET.dryRunSeconds }),
      figure('commit', `Commit (one transaction: rows, terms, reminders, audit)`, first.commitSeconds, 's', {
        op: '<=',
        value: TARGET.commitSeconds,
      }),
      figure('bare', 'Baseline: one bare multi-row INSERT per table, same rows', bare.seconds, 's'),
      figure('commitRatio', 'Commit ÷ bare INSERTs', round(first.commitSeconds / bare.seconds, 1), '×'),
      figure('dryRunRatio', 'Dry run ÷ bare INSERTs', round(first.dryRunSeconds / bare.seconds, 1), '×'),
      figure('upload', 'Upload (sniff, zip check, one read for headers)', first.uploadSeconds, 's'),
      figure('rss', 'Server RSS growth over upload + dry run + commit', first.rssGrowthMB, 'MB', {
        op: '<=',
        value: TARGET.rssGrowthMB,
      }),
      figure('again', 'Same file again: upload + dry run (all unchanged)', again.seconds, 's'),
    ];
    const ok = figures.every((f) => f.pass !== false);
    console.log(`\n${formatTable('Import benchmark (POST /imports, dry run, commit)', figures)}\n`);
    writeJson(RESULTS, {
      bench: 'import',
      at: new Date().toISOString(),
      machine: machineInfo(postgres),
      settings,
      fileMB: round(file.length / 2 ** 20, 2),
      first,
      again: { seconds: again.seconds, summary: again.result.summary },
      bare,
      figures,
      totalSeconds: round((performance.now() - started) / 1000, 1),
      ok,
    });
    log(`results written to ${RESULTS}; ${ok ? 'every target met' : 'some targets MISSED'}`);
    return { figures, ok };
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    if (apiProcess && apiProcess.exitCode === null) {
      const exited = new Promise((resolve) => apiProcess!.once('exit', resolve));
      apiProcess.kill('SIGTERM');
      await exited;
    }
    await bench.drop();
  }
}
