import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { aMilestone, anAgreement, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Reports through HTTP on a real database: each file read back and held against the list
 * route it mirrors, Thai intact, formulas neutralised, PDFs turned into text and pictures
 * with poppler, and an audit event for every export.
 */
let t: TestApp;
let dir: string;

const FORMULA_TITLE = '=HYPERLINK("https://evil.example/x","click me")';
const QUOTED_TITLE = 'Agreement on data, "open" standards\nand exchange';

/** supertest keeps binary bodies only when told to collect them. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function report(path: string, query: Record<string, unknown>, caller: 'auditor' | 'manager' = 'auditor') {
  const res = await t.as(caller).get(path).query(query).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

async function csv(path: string, query: Record<string, unknown>): Promise<string[][]> {
  const body = await report(path, { format: 'csv', ...query });
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
  return parse(body.toString('utf8'), { bom: true, relax_column_count: false });
}

/** Text as CSV writes it: formula-like text gets a leading apostrophe, null an empty cell. */
const asCsvText = (value: unknown) => (value == null ? '' : /^[=+\-@\t\r]/.test(String(value)) ? `'${value}` : value);

/** Rows as objects keyed by the English headings. */
function records(table: string[][]): Array<Record<string, string>> {
  const [headings, ...rows] = table;
  return rows.map((row) => Object.fromEntries(headings.map((h, i) => [h, row[i]])));
}

async function list(path: string, query: Record<string, unknown> = {}) {
  const res = await t
    .as('auditor')
    .get(path)
    .query({ limit: 100, ...query });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown>>;
}

async function create(body: Record<string, unknown>) {
  const res = await t.http.post('/agreements').send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; reference: string };
}

let japan: { id: string };

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'mou-reports-'));
  japan = await create(
    japanMemorandum({ status: 'in-force', signedOn: '2017-06-05', effectiveOn: '2017-06-05', termMonths: 120 }),
  );
  await create(anAgreement({ titleEn: FORMULA_TITLE, titleTh: '+ความตกลง @ทดสอบ', areas: ['postal'] }));
  await create(anAgreement({ titleEn: QUOTED_TITLE, leadAgency: '-DEPA' }));
  await create(anAgreement({ titleTh: 'ความตกลงว่าด้วยความร่วมมือด้านไปรษณีย์', status: 'signed', signedOn: '2025-01-15' }));
  const archived = await create(anAgreement({ titleEn: 'Archived one' }));
  await t.http.post(`/agreements/${archived.id}/archive`).send({});
  for (const [title, dueOn] of [
    ['Net Pracharat: broadband to 24,700 villages', '2017-12-31'],
    ['Digital Thailand Big Bang 2017', '2026-12-10'],
    ['=cmd|calc', '2027-02-01'],
  ]) {
    const res = await t.http.post(`/agreements/${japan.id}/milestones`).send(aMilestone({ title, dueOn }));
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /reports/agreements as CSV', () => {
  it.each([
    [{}],
    [{ country: 'KR', sort: 'reference' }],
    [{ includeArchived: 'true', sort: '-expiresOn' }],
    [{ q: 'ความตกลง' }],
    [{ q: "it's $1 \\ 100%", leadAgency: "'); DROP TABLE agreement; --" }], // bound, never spliced into SQL
  ])('has the rows GET /agreements has, in its order (%j)', async (filters) => {
    const rows = records(await csv('/reports/agreements', filters));
    const items = await list('/agreements', filters);
    expect(rows.map((r) => r.ID)).toEqual(items.map((i) => i.id));
    for (const [n, item] of items.entries()) {
      const row = rows[n];
      expect(row.Reference).toBe(item.reference);
      expect(row['Title (Thai)']).toBe(asCsvText(item.titleTh));
      expect(row.Status).toBe(item.status);
      expect(row['Last day in force']).toBe(item.expiresOn ?? '');
      expect(row['Cooperation areas']).toBe((item.areas as string[]).join(', '));
      const parties = item.parties as Array<{ country?: string; organization?: string }>;
      expect(row.Parties).toBe(asCsvText(parties.map((p) => [p.country, p.organization].join(' ').trim()).join('; ')));
      expect(row.Archived).toBe(item.archived ? 'yes' : 'no');
      expect(Date.parse(row.Created)).toBe(Date.parse(item.createdAt as string));
      expect(row.Created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/); // office time, with its offset
    }
  });

  it('keeps Thai intact, quotes what needs quoting and neutralises formulas', async () => {
    const rows = records(await csv('/reports/agreements', { sort: 'reference' }));
    const memorandum = rows.find((r) => r.ID === japan.id)!;
    expect(memorandum['Title (Thai)']).toBe(japanMemorandum().titleTh);
    expect(memorandum.Parties).toBe(
      'TH Ministry of Digital Economy and Society; JP Ministry of Internal Affairs and Communications',
    );
    expect(rows.map((r) => r['Title (English)'])).toContain(`'${FORMULA_TITLE}`);
    expect(rows.map((r) => r['Title (Thai)'])).toContain("'+ความตกลง @ทดสอบ");
    expect(rows.map((r) => r['Lead agency'])).toContain("'-DEPA");
    expect(rows.map((r) => r['Title (English)'])).toContain(QUOTED_TITLE);
    for (const row of rows) {
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('shows cooperation areas and parties as they are after an edit', async () => {
    const agreement = await create(anAgreement({ titleEn: 'Areas edited later', areas: ['postal', 'cybersecurity'] }));
    const before = records(await csv('/reports/agreements', { q: 'Areas edited later' }));
    expect(before.map((r) => r['Cooperation areas'])).toEqual(['cybersecurity, postal']);

    const current = (await t.http.get(`/agreements/${agreement.id}`)).body as { version: number };
    const edit = await t.http.patch(`/agreements/${agreement.id}`).send({
      version: current.version,
      areas: ['workforce', 'cybersecurity'],
      parties: [
        { country: 'TH', organization: 'MDES' },
        { country: 'ASEAN', organization: 'ASEAN Secretariat' },
      ],
    });
    expect(edit.status).toBe(200);
    const after = records(await csv('/reports/agreements', { q: 'Areas edited later' }));
    expect(after.map((r) => [r['Cooperation areas'], r.Parties])).toEqual([
      ['cybersecurity, workforce', 'TH MDES; ASEAN ASEAN Secretariat'],
    ]);
    // Out of the way of the reports below, which count the live agreements.
    await t.http.post(`/agreements/${agreement.id}/archive`).send({});
  });

  it('writes English headings first by default', async () => {
    const text = (await report('/reports/agreements', { format: 'csv' })).toString('utf8');
    expect(text.slice(1, text.indexOf('\n'))).toMatch(/^Reference,Title \(English\),Title \(Thai\),/);
  });

  it('writes Thai headings and Buddhist Era dates with calendar=buddhist&locale=th', async () => {
    const [headings, ...rows] = await csv('/reports/agreements', { calendar: 'buddhist', locale: 'th' });
    expect(headings.slice(0, 3)).toEqual(['เลขที่อ้างอิง', 'ชื่อ (ภาษาอังกฤษ)', 'ชื่อ (ภาษาไทย)']);
    const row = rows.find((r) => r.includes(japan.id))!;
    const cell = (heading: string) => row[headings.indexOf(heading)];
    expect(cell('วันที่คณะรัฐมนตรีอนุมัติ')).toBe('30 พฤษภาคม 2560');
    expect(cell('วันที่ลงนาม')).toBe('5 มิถุนายน 2560');
    expect(cell('วันสิ้นสุด')).toBe('4 มิถุนายน 2570');
    expect(cell('เก็บถาวร')).toBe('ไม่ใช่');
    expect(cell('สร้างเมื่อ')).toMatch(/^\d{1,2} [\u0E00-\u0E7F]+ 25\d\d \d\d:\d\d:\d\d$/);
  });

  it('writes "30 May 2560 BE" with calendar=buddhist in English', async () => {
    const rows = records(await csv('/reports/agreements', { calendar: 'buddhist' }));
    expect(rows.find((r) => r.ID === japan.id)!['Cabinet approval']).toBe('30 May 2560 BE');
  });
});

describe('GET /reports/agreements as XLSX', () => {
  it('reads back with exceljs: the list rows in order, typed cells, no formulas', async () => {
    const filters = { includeArchived: 'true', sort: 'reference' };
    const workbook = new ExcelJS.Workbook();
    const file = await report('/reports/agreements', { format: 'xlsx', ...filters });
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer); // exceljs declares its own Buffer type
    const sheet = workbook.getWorksheet('agreements')!;
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (heading: string) => headings.indexOf(heading) + 1;
    const items = await list('/agreements', filters);
    expect(sheet.rowCount).toBe(items.length + 1);
    items.forEach((item, n) => {
      const row = sheet.getRow(n + 2);
      expect(row.getCell(column('ID')).value).toBe(item.id);
      expect(row.getCell(column('Title (Thai)')).value ?? null).toBe(item.titleTh);
      expect(row.getCell(column('Term (months)')).value).toBe(item.termMonths);
      expect(row.getCell(column('Last day in force')).value ?? null).toBe(item.expiresOn);
    });
    const titles = sheet.getColumn(column('Title (English)'));
    let formulaCell: ExcelJS.Cell | undefined;
    titles.eachCell((cell) => {
      if (cell.value === FORMULA_TITLE) formulaCell = cell;
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    });
    expect(formulaCell?.type).toBe(ExcelJS.ValueType.String); // as typed, never run
  });

  it('is a valid workbook with only its heading row when nothing matches', async () => {
    const workbook = new ExcelJS.Workbook();
    const file = await report('/reports/agreements', { format: 'xlsx', q: 'no such agreement' });
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('agreements')!.rowCount).toBe(1);
  });
});

describe('GET /reports/agreements as PDF', () => {
  function pdfToText(pdf: Buffer, name: string): string {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  }

  it('has the Thai titles as text, the filters, the time made and page numbers', async () => {
    const pdf = await report('/reports/agreements', { format: 'pdf', sort: 'reference' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfToText(pdf, 'agreements');
    expect(text).toContain('Register of international agreements');
    expect(text).toContain('บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศ');
    expect(text).toContain('Filters: sort = reference');
    expect(text).toContain('Generated: 2026-11-26T09:00:00.000+07:00 (Asia/Bangkok)');
    expect(text).toMatch(/page 1 of 1/);

    // A picture of page 1, for a person to look at (see the report of this change).
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '110',
      '-f',
      '1',
      '-l',
      '1',
      join(dir, 'agreements.pdf'),
      join(dir, 'page'),
    ]);
    expect(statSync(join(dir, 'page-1.png')).size).toBeGreaterThan(10_000);
  });

  it('writes Thai headings, Thai page footers and BE dates with locale=th', async () => {
    const pdf = await report('/reports/agreements', { format: 'pdf', calendar: 'buddhist', locale: 'th' });
    const text = pdfToText(pdf, 'agreements-th');
    expect(text).toContain('ทะเบียนความตกลงระหว่างประเทศ');
    expect(text).toContain('จัดทำเมื่อ: 26 พฤศจิกายน 2569 09:00:00');
    expect(text).toContain('หน้า 1 จาก 1');
    // Sara am shares its glyph with sara aa: both must come back as written.
    expect(text).toContain('จำนวนรายการ: 4');
    expect(text).toContain('กำหนดแจ้ง');
  });
});

describe('the other reports mirror their list routes', () => {
  it('GET /reports/milestones', async () => {
    const rows = records(await csv('/reports/milestones', { agreementId: japan.id }));
    const items = await list('/milestones', { agreementId: japan.id });
    expect(rows.map((r) => r.ID)).toEqual(items.map((i) => i.id));
    expect(rows.map((r) => r.Status)).toEqual(items.map((i) => i.status));
    expect(rows.map((r) => r.Milestone)).toContain("'=cmd|calc");
  });

  it('GET /reports/deadlines', async () => {
    const rows = records(await csv('/reports/deadlines', { withinDays: 400 }));
    const items = (await t.as('auditor').get('/deadlines').query({ withinDays: 400, limit: 1000 })).body.items as Array<
      Record<string, unknown>
    >;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.Date, r.What, r['Agreement ID'], r['Milestone ID'] || null])).toEqual(
      items.map((i) => [i.date, i.kind, i.agreementId, i.milestoneId]),
    );
    expect(rows.map((r) => Number(r['Days left']))).toEqual(items.map((i) => i.daysLeft));
  });

  it('GET /reports/audit-events', async () => {
    const rows = records(await csv('/reports/audit-events', { entityType: 'agreement' }));
    const items = await list('/audit-events', { entityType: 'agreement' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r['Event ID'])).toEqual(items.map((i) => i.id));
    expect(rows.map((r) => Date.parse(r.When))).toEqual(items.map((i) => Date.parse(i.occurredAt as string)));
  });
});

describe('who may export, and what is refused', () => {
  it('refuses an officer (403)', async () => {
    const res = await t.as('officer').get('/reports/agreements').query({ format: 'csv' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it.each([[{ format: 'docx' }], [{}]])('answers 400 naming format for %j', async (query) => {
    const res = await t.as('auditor').get('/reports/agreements').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
  });

  it('refuses paging parameters and bad filters as the list route does', async () => {
    for (const query of [
      { format: 'csv', limit: 10 },
      { format: 'csv', status: 'lost' },
      { format: 'csv', calendar: 'julian' },
    ]) {
      const res = await t.as('auditor').get('/reports/agreements').query(query);
      expect(res.status).toBe(400);
    }
  });
});

describe('the audit trail of exports', () => {
  it('records report.export with the format, filters and row count, once the file is complete', async () => {
    const rows = records(await csv('/reports/agreements', { country: 'KR', sort: 'reference' }));
    const [event] = await list('/audit-events', { action: 'report.export', limit: 1 });
    expect(event).toMatchObject({
      action: 'report.export',
      entityType: 'report',
      entityId: 'agreements',
      actorEmail: t.users.auditor.email,
      metadata: {
        format: 'csv',
        calendar: 'gregorian',
        locale: 'en',
        filters: { country: 'KR', sort: 'reference' },
        rowCount: rows.length,
        complete: true,
      },
    });
  });

  it('refuses a PDF of more than 5,000 rows with 400 naming format, and records nothing', async () => {
    await t.ownerQuery(
      `INSERT INTO agreement (reference, title_en, kind, parties, lead_agency, term_months, notice_days, status,
                              created_by, updated_by)
       SELECT 'BULK-' || i, 'Bulk agreement ' || i, 'mou', '[{"country":"TH","organization":"MDES"},{"country":"JP","organization":"MIC"}]', 'BULK', 60, 90,
              'draft', 'test', 'test'
         FROM generate_series(1, 5001) AS i`,
    );
    const before = await list('/audit-events', { action: 'report.export' });
    const res = await t.as('auditor').get('/reports/agreements').query({ format: 'pdf', leadAgency: 'BULK' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'format', message: expect.stringMatching(/5,000 rows.*csv.*xlsx/) }]);
    expect(await list('/audit-events', { action: 'report.export' })).toHaveLength(before.length);

    const rows = records(await csv('/reports/agreements', { leadAgency: 'BULK' }));
    expect(rows).toHaveLength(5001);
  });
});
