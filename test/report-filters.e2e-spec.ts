import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { aMilestone, anAgreement, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every filter of every list, through every export format: each file has exactly the rows
 * the list route has for the same filters (and, where the file carries ids, in its order).
 * A filter that reached PostgreSQL with the wrong type (an array as 'a,b', a date as text)
 * was a 500 in CSV and XLSX while PDF and the list worked.
 */
let t: TestApp;
let japan: { id: string };
let expired: { id: string };

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function create(body: Record<string, unknown>) {
  const res = await t.http.post('/agreements').send(body);
  expect([res.status, res.body.message]).toEqual([201, undefined]);
  return res.body as { id: string };
}

type Report = 'agreements' | 'deadlines' | 'milestones' | 'audit-events';
const formats = ['csv', 'xlsx', 'pdf'] as const;

/** The list route's rows for the filters: every page's ids (or, for deadlines, the one list). */
async function listed(report: Report, filters: Record<string, string>): Promise<string[]> {
  const path = `/${report}`;
  if (report === 'deadlines') {
    const res = await t
      .as('auditor')
      .get(path)
      .query({ limit: 1000, ...filters });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map(
      (d: { kind: string; milestoneId: string | null; agreementId: string }) =>
        `${d.kind}:${d.milestoneId ?? d.agreementId}`,
    );
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await t
      .as('auditor')
      .get(path)
      .query({ limit: 100, ...filters, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((item: { id: string }) => item.id));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** What identifies a row of the file: its id (a deadline: its kind and its milestone's or agreement's id). */
function rowKey(report: Report, row: Record<string, unknown>): string {
  if (report === 'deadlines') return `${String(row.What)}:${String(row['Milestone ID'] || row['Agreement ID'])}`;
  return String(row[report === 'audit-events' ? 'Event ID' : 'ID']);
}

/** The rows of a CSV or XLSX file as keys (rowKey), in order; for a PDF, the rows its audit event counted. */
async function exported(report: Report, format: (typeof formats)[number], filters: Record<string, string>) {
  const res = await t
    .as('auditor')
    .get(`/reports/${report}`)
    .query({ ...filters, format })
    .buffer(true)
    .parse(binary);
  expect({ status: res.status, body: res.status === 200 ? 'file' : res.body.toString() }).toEqual({
    status: 200,
    body: 'file',
  });
  const body = res.body as Buffer;
  const keys = (headings: unknown[], rows: unknown[][]) =>
    rows.map((row) => rowKey(report, Object.fromEntries(headings.map((h, i) => [h, row[i] ?? '']))));
  if (format === 'csv') {
    const [headings, ...rows] = parse(body.toString('utf8'), { bom: true }) as string[][];
    return keys(headings, rows);
  }
  if (format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
    return keys(headings, rows);
  }
  expect(execFileSync('pdfinfo', ['-'], { input: body }).toString()).toMatch(/Pages:\s+[1-9]/);
  const [event] = await t.ownerQuery<{ metadata: { rowCount: number; format: string } }>(
    `SELECT metadata FROM audit_event WHERE action = 'report.export' ORDER BY seq DESC LIMIT 1`,
  );
  expect(event.metadata.format).toBe('pdf');
  return event.metadata.rowCount;
}

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
  japan = await create(
    japanMemorandum({ status: 'in-force', signedOn: '2017-06-05', effectiveOn: '2017-06-05', termMonths: 120 }),
  );
  // In force on record, past its last day: reads expired.
  expired = await create(
    anAgreement({
      status: 'in-force',
      kind: 'agreement',
      leadAgency: 'DEPA',
      signedOn: '2014-12-20',
      effectiveOn: '2015-01-01',
      termMonths: 24,
      areas: ['postal'],
    }),
  );
  await create(anAgreement({ status: 'signed', signedOn: '2025-01-15', titleEn: 'Postal exchange of notes' }));
  await create(anAgreement({ titleTh: 'ความตกลงว่าด้วยความร่วมมือด้านไปรษณีย์' }));
  const terminated = await create(
    anAgreement({ status: 'in-force', signedOn: '2024-01-10', effectiveOn: '2024-02-01', termMonths: 60 }),
  );
  expect(
    (
      await t.http
        .post(`/agreements/${terminated.id}/termination`)
        .send({ noticeGivenOn: '2026-01-05', effectiveOn: '2026-07-01', version: 1 })
    ).status,
  ).toBe(200);
  const archived = await create(
    anAgreement({ status: 'in-force', signedOn: '2025-12-20', effectiveOn: '2026-01-01', termMonths: 12 }),
  );
  await t.http.post(`/agreements/${archived.id}/archive`).send({});
  // The milestones are made an hour later, so the audit trail's time filters have two sides.
  t.clock.set('2026-11-26T03:00:00Z');
  for (const [title, dueOn, extra] of [
    ['Net Pracharat: broadband to 24,700 villages', '2017-12-31', { ownerAgency: 'TOT Public Company Ltd' }],
    ['Digital Thailand Big Bang 2017', '2026-12-10', { area: 'knowledge-sharing', ownerAgency: 'DEPA' }],
    ['thailandpostmart.com', '2027-02-01', { area: 'postal', status: 'in-progress' }],
    ['Workshop held', '2026-03-01', { status: 'done', completedOn: '2026-03-01' }],
  ] as const) {
    const res = await t.http.post(`/agreements/${japan.id}/milestones`).send(aMilestone({ title, dueOn, ...extra }));
    expect(res.status).toBe(201);
  }
  const other = await t.http.post(`/agreements/${expired.id}/milestones`).send(aMilestone({ dueOn: '2026-12-01' }));
  expect(other.status).toBe(201);
  const archivedMilestone = await t.http
    .post(`/agreements/${japan.id}/milestones`)
    .send(aMilestone({ dueOn: '2026-12-05' }));
  expect((await t.http.post(`/milestones/${archivedMilestone.body.id}/archive`).send({})).status).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

const agreementFilters = (): Array<Record<string, string>> => [
  { q: 'ไปรษณีย์' },
  { country: 'jp' },
  { area: 'postal' },
  { status: 'in-force' },
  { status: 'expired' },
  { status: 'signed' },
  { status: 'terminated' },
  { status: 'draft' },
  { kind: 'agreement' },
  { leadAgency: 'DEPA' },
  { expiresFrom: '2026-01-01' },
  { expiresTo: '2026-12-31' },
  { expiresFrom: '2016-01-01', expiresTo: '2027-12-31', sort: 'expiresOn' },
  { signedFrom: '2017-01-01' },
  { signedTo: '2020-12-31' },
  { signedFrom: '2014-01-01', signedTo: '2025-12-31', sort: '-signedOn' },
  { includeArchived: 'true' },
  { sort: 'reference' },
  { status: 'expired', expiresTo: '2026-01-01', includeArchived: 'true', country: 'KR' },
];

const deadlineFilters = (): Array<Record<string, string>> => [
  { withinDays: '30' },
  { withinDays: '3650' },
  { country: 'JP' },
  { area: 'postal' },
  { leadAgency: 'MDES' },
  { withinDays: '3650', kind: 'expiry' },
  { withinDays: '3650', country: 'KR', leadAgency: 'MDES' },
];

const milestoneFilters = (): Array<Record<string, string>> => [
  { includeArchived: 'true' },
  { overdue: 'true' },
  { overdue: 'false' },
  { status: 'overdue' },
  { status: 'planned' },
  { status: 'in-progress' },
  { status: 'done' },
  { dueFrom: '2026-12-01' },
  { dueTo: '2026-12-31' },
  { dueFrom: '2026-01-01', dueTo: '2026-12-06', includeArchived: 'true' },
  { ownerAgency: 'DEPA' },
  { agreementId: 'japan' },
  { area: 'postal' },
];

const auditFilters = (): Array<Record<string, string>> => [
  { entityType: 'milestone' },
  { entityId: 'japan' },
  { actorId: 'manager' },
  { action: 'agreement.create' },
  { from: '2026-11-26T09:30:00+07:00' },
  { to: '2026-11-26T02:00:00Z' },
  { from: '2026-11-26T00:00:00Z', to: '2026-11-26T09:00:00.000001+07:00', entityType: 'agreement' },
];

/** Placeholders the records made in beforeAll stand for. */
function resolve(filters: Record<string, string>): Record<string, string> {
  const ids: Record<string, string> = { japan: japan.id, manager: t.users.manager.id };
  return Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, ids[value] ?? value]));
}

describe.each([
  ['agreements', agreementFilters()],
  ['deadlines', deadlineFilters()],
  ['milestones', milestoneFilters()],
  ['audit-events', auditFilters()],
] as Array<[Report, Array<Record<string, string>>]>)('GET /reports/%s', (report, cases) => {
  it.each(cases.flatMap((filters) => formats.map((format) => [format, filters] as const)))(
    'as %s with %j has the rows the list route has',
    async (format, filters) => {
      const query = resolve(filters);
      const all = await listed(report, {});
      const ids = await listed(report, query);
      // The filter matters here: it keeps some rows and drops (or, for includeArchived, adds) others.
      if (!('sort' in filters)) expect(ids.length).not.toBe(all.length);
      const file = await exported(report, format, query);
      if (typeof file === 'number') expect(file).toBe(ids.length);
      else expect(file).toEqual(ids);
    },
  );
});
