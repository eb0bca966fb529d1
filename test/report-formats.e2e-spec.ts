import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { aMilestone, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/test-worker.js';

/**
 * XLSX and PDF of the milestones, deadlines and audit-trail reports, each held against the
 * list route it mirrors (reports.e2e-spec.ts does the agreements register and CSV), and an
 * export the client hangs up on half-way.
 */
let t: TestApp;
let dir: string;
let japan: { id: string; reference: string };

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function report(path: string, query: Record<string, unknown>): Promise<Buffer> {
  const res = await t.as('auditor').get(path).query(query).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

async function list(path: string, query: Record<string, unknown>) {
  const res = await t
    .as('auditor')
    .get(path)
    .query({ limit: 100, ...query });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown>>;
}

/** The first worksheet's rows as objects keyed by heading, read back with exceljs. */
async function xlsxRows(path: string, query: Record<string, unknown>, sheetName: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await report(path, { format: 'xlsx', ...query })) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet(sheetName)!;
  expect(sheet).toBeDefined();
  const headings = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Array<Record<string, ExcelJS.CellValue>> = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    rows.push(Object.fromEntries(headings.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  }
  return rows;
}

async function pdfText(path: string, query: Record<string, unknown>, name: string): Promise<string> {
  const pdf = await report(path, { format: 'pdf', ...query });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'mou-report-formats-'));
  const created = await t.http
    .post('/agreements')
    .send(japanMemorandum({ status: 'in-force', signedOn: '2017-06-05', effectiveOn: '2017-06-05', termMonths: 120 }));
  expect(created.status).toBe(201);
  japan = created.body;
  for (const [title, dueOn, targetValue] of [
    ['Net Pracharat: broadband to 24,700 villages', '2017-12-31', 24700],
    ['Digital Thailand Big Bang 2017', '2026-12-10', null],
    ['thailandpostmart.com ร้านค้าชุมชน', '2027-02-01', 100],
  ] as const) {
    const res = await t.http
      .post(`/agreements/${japan.id}/milestones`)
      .send(aMilestone({ title, dueOn, ...(targetValue ? { targetValue } : {}) }));
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /reports/milestones', () => {
  it('as XLSX has the list rows in order, numbers as numbers', async () => {
    const query = { agreementId: japan.id };
    const rows = await xlsxRows('/reports/milestones', query, 'milestones');
    const items = await list('/milestones', query);
    expect(items).toHaveLength(3);
    expect(rows.map((r) => [r.ID, r.Milestone, r.Status, r.Due, r.Target])).toEqual(
      items.map((i) => [i.id, i.title, i.status, i.dueOn, i.targetValue]),
    );
    expect(rows.map((r) => r.Status)).toContain('overdue'); // Net Pracharat, due 2017
  });

  it('as PDF has its title, every milestone (Thai too) and page numbers', async () => {
    const text = await pdfText('/reports/milestones', { agreementId: japan.id }, 'milestones');
    expect(text).toContain('Milestones');
    for (const title of ['Net Pracharat: broadband to 24,700 villages', 'Digital Thailand Big Bang 2017']) {
      expect(text).toContain(title);
    }
    expect(text).toContain('ร้านค้าชุมชน');
    expect(text).toMatch(/page 1 of 1/);
  });
});

describe('GET /reports/deadlines', () => {
  it('as XLSX has the list rows in order, days left as numbers', async () => {
    const rows = await xlsxRows('/reports/deadlines', { withinDays: 400 }, 'deadlines');
    const items = (await t.as('auditor').get('/deadlines').query({ withinDays: 400, limit: 1000 })).body.items as Array<
      Record<string, unknown>
    >;
    expect(items.length).toBeGreaterThan(2);
    expect(rows.map((r) => [r.Date, r.What, r['Days left'], r['Agreement ID'], r['Milestone ID']])).toEqual(
      items.map((i) => [i.date, i.kind, i.daysLeft, i.agreementId, i.milestoneId]),
    );
  });

  it('as PDF has its title and every deadline', async () => {
    const text = await pdfText('/reports/deadlines', { withinDays: 400 }, 'deadlines');
    const items = (await t.as('auditor').get('/deadlines').query({ withinDays: 400, limit: 1000 })).body.items as Array<
      Record<string, unknown>
    >;
    expect(text).toContain('Deadlines to act on');
    expect(text).toContain(`Rows: ${items.length}`);
    for (const item of items) expect(text).toContain(String(item.date));
    expect(text).toContain(japan.reference);
    for (const kind of ['expiry', 'notice-deadline', 'milestone']) expect(text).toContain(kind);
    expect(text).toContain('2027-06-04'); // the memorandum's last day
    expect(text).toMatch(/page 1 of 1/);
  });
});

describe('GET /reports/audit-events', () => {
  it('as XLSX has the list rows in order', async () => {
    const query = { entityType: 'milestone' };
    const rows = await xlsxRows('/reports/audit-events', query, 'audit-events');
    const items = await list('/audit-events', query);
    expect(items).toHaveLength(3);
    expect(rows.map((r) => [r['Event ID'], r.Action, r.Record, r.Who])).toEqual(
      items.map((i) => [i.id, i.action, i.entityId, i.actorEmail]),
    );
    expect(rows.map((r) => Date.parse(String(r.When)))).toEqual(items.map((i) => Date.parse(i.occurredAt as string)));
  });

  it('as PDF has its title and every event', async () => {
    const query = { entityType: 'milestone' };
    const text = await pdfText('/reports/audit-events', query, 'audit-events');
    const items = await list('/audit-events', query);
    expect(text).toContain('Audit trail');
    expect(text.match(/milestone\.create/g)).toHaveLength(items.length);
    expect(text).toContain(t.users.manager.email);
    expect(text).toMatch(/page 1 of 1/);
  });
});

describe('an export cut short', () => {
  let server: Server;
  beforeAll(async () => {
    // Enough rows that the file is still streaming when the client hangs up.
    await t.ownerQuery(
      `INSERT INTO agreement (reference, title_en, kind, parties, lead_agency, term_months, notice_days, status,
                              created_by, updated_by)
       SELECT 'CUT-' || i, 'Agreement to cut short ' || i || repeat(' with a long title', 10), 'mou',
              '[{"country":"TH","organization":"MDES"},{"country":"JP","organization":"MIC"}]', 'CUT', 60, 90,
              'draft', 'test', 'test'
         FROM generate_series(1, 40000) AS i`,
    );
    server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(['csv', 'xlsx'])(
    'is on record as unfinished, with the rows sent so far, and gives its connection back (%s)',
    async (format) => {
      const { port } = server.address() as AddressInfo;
      const before = await list('/audit-events', { action: 'report.export' });
      // Read the first bytes of the file, then hang up.
      await new Promise<void>((resolve, reject) => {
        const req = httpGet(
          {
            port,
            host: '127.0.0.1',
            path: `/reports/agreements?format=${format}&leadAgency=CUT`,
            headers: { authorization: `Bearer ${t.users.auditor.token}` },
          },
          (res: IncomingMessage) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
        req.end();
      });

      let event: Record<string, unknown> | undefined;
      await eventually(async () => {
        const events = await list('/audit-events', { action: 'report.export' });
        expect(events.length).toBe(before.length + 1);
        event = events[0];
      });
      expect(event).toMatchObject({
        actorEmail: t.users.auditor.email,
        entityId: 'agreements',
        metadata: { format, filters: { leadAgency: 'CUT' }, complete: false },
      });
      const rowCount = (event!.metadata as { rowCount: number | null }).rowCount;
      expect(rowCount === null || rowCount < 40000).toBe(true);
      // The COPY stops and its connection goes back: nothing of it is left running.
      const database = (await t.dataSource.query('SELECT current_database() AS name'))[0].name;
      await eventually(async () => {
        const copies = await t.ownerQuery(
          `SELECT query FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'COPY%' AND state <> 'idle'`,
          [database],
        );
        expect(copies).toEqual([]);
      });
      // And the next export is whole.
      const whole = await report('/reports/agreements', { format: 'csv', leadAgency: 'CUT', q: 'CUT-1' });
      expect(whole.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
