import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { ExtractionKeeper } from '../apps/worker/src/documents/extraction-keeper.js';
import { anAgreement } from './support/fixtures.js';
import { docx, imageOnlyPdf, scanOf, textPdf } from './support/document-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually, startTestWorker, type TestWorker } from './support/test-worker.js';

// The Thai word searched for: "Pracharat", from the Net Pracharat village broadband programme.
const THAI_WORD = 'ประชารัฐ';
const PAGE = [
  'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสาร',
  'โครงการเน็ตประชารัฐ หมู่บ้านทั่วประเทศ',
  'Memorandum of Cooperation on cybersecurity',
];

let t: TestApp;
let worker: TestWorker;

beforeAll(async () => {
  process.env.DOCUMENT_SWEEP_EVERY_MS = '200';
  process.env.DOCUMENT_EXTRACTION_BACKOFF_MS = '100';
  process.env.DOCUMENT_EXTRACTION_ATTEMPTS = '2';
  t = await startTestApp();
  worker = await startTestWorker(t.clock);
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await t?.close();
  delete process.env.DOCUMENT_SWEEP_EVERY_MS;
  delete process.env.DOCUMENT_EXTRACTION_BACKOFF_MS;
  delete process.env.DOCUMENT_EXTRACTION_ATTEMPTS;
});

async function agreement(titleEn: string): Promise<string> {
  const res = await t.http.post('/agreements').send(anAgreement({ titleEn }));
  expect(res.status).toBe(201);
  return res.body.id;
}

async function upload(agreementId: string, file: Buffer, filename: string, language = 'th') {
  const res = await t.http
    .post(`/agreements/${agreementId}/documents`)
    .field('type', 'signed-copy')
    .field('language', language)
    .attach('file', file, { filename });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

interface Extraction {
  state: string;
  method: string | null;
  error: string | null;
  attempts: number;
}

async function extracted(documentId: string, timeoutMs = 60_000): Promise<Extraction> {
  let extraction: Extraction | undefined;
  await eventually(async () => {
    const res = await t.http.get(`/documents/${documentId}`);
    extraction = res.body.current.extraction;
    expect(extraction!.state).not.toBe('pending');
  }, timeoutMs);
  return extraction!;
}

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('text extraction and search', () => {
  let textAgreement: string;
  let scanAgreement: string;
  let textDoc: { id: string };
  let scanDoc: { id: string };
  let imageDoc: { id: string };

  beforeAll(async () => {
    const pdf = await textPdf(PAGE);
    const scan = await scanOf(pdf);
    textAgreement = await agreement('Agreement with a text PDF');
    scanAgreement = await agreement('Agreement with a scanned PDF');
    textDoc = await upload(textAgreement, pdf, 'signed-th.pdf');
    scanDoc = await upload(scanAgreement, await imageOnlyPdf(scan), 'scan-th.pdf');
    imageDoc = await upload(await agreement('Agreement with a PNG scan'), scan, 'page-1.png');
  }, 60_000);

  it('reads the embedded text of a PDF, and OCRs a scanned PDF and an image in Thai', async () => {
    expect(await extracted(textDoc.id)).toMatchObject({ state: 'done', method: 'pdftotext', error: null });
    expect(await extracted(scanDoc.id, 120_000)).toMatchObject({ state: 'done', method: 'ocr', error: null });
    expect(await extracted(imageDoc.id, 120_000)).toMatchObject({ state: 'done', method: 'ocr', error: null });
  }, 240_000);

  it('finds both agreements by a Thai word inside their documents, and says which document matched', async () => {
    await extracted(scanDoc.id, 120_000);
    const res = await t.http.get('/agreements').query({ q: THAI_WORD, limit: 100 });
    expect(res.status).toBe(200);
    const found = new Map(
      res.body.items.map(
        (a: { id: string; matchedDocuments: Array<{ id: string; filename: string; snippet: string }> }) => [
          a.id,
          a.matchedDocuments,
        ],
      ),
    );
    expect(found.get(textAgreement)).toEqual([
      expect.objectContaining({
        id: textDoc.id,
        filename: 'signed-th.pdf',
        versionNumber: 1,
        snippet: expect.stringContaining(THAI_WORD),
      }),
    ]);
    expect(found.get(scanAgreement)).toEqual([
      expect.objectContaining({ id: scanDoc.id, filename: 'scan-th.pdf', snippet: expect.stringContaining(THAI_WORD) }),
    ]);
    expect(res.body.total).toBe(res.body.items.length);

    // English words inside documents are found too, in any case.
    const english = await t.http.get('/agreements').query({ q: 'CYBERSECURITY' });
    expect(english.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([textAgreement]));
    // A search the record itself answers says no document matched.
    const byTitle = await t.http.get('/agreements').query({ q: 'with a text PDF' });
    expect(byTitle.body.items).toEqual([expect.objectContaining({ id: textAgreement, matchedDocuments: [] })]);
  }, 150_000);

  it('no longer finds an agreement by an archived document', async () => {
    const id = await agreement('Agreement whose document is archived');
    const doc = await upload(id, await docx(['ข้อตกลงลับเฉพาะคำว่าสุวรรณภูมิ']), 'note.docx');
    expect(await extracted(doc.id)).toMatchObject({ state: 'done', method: 'mammoth' });
    const before = await t.http.get('/agreements').query({ q: 'สุวรรณภูมิ' });
    expect(before.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    await t.http.post(`/documents/${doc.id}/archive`).send({ version: doc.version });
    const after = await t.http.get('/agreements').query({ q: 'สุวรรณภูมิ' });
    expect(after.body.items).toEqual([]);
  }, 60_000);

  it('reads the text cells of a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('แผนงาน').addRows([
      ['กิจกรรม', 'กำหนด'],
      ['อบรมบุคลากรด้านความมั่นคงปลอดภัยไซเบอร์ที่โอกินาวา', '2027-03-31'],
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const id = await agreement('Agreement with a workbook');
    const doc = await upload(id, xlsx, 'plan.xlsx', 'th');
    expect(await extracted(doc.id)).toMatchObject({ state: 'done', method: 'xlsx-strings' });
    const res = await t.http.get('/agreements').query({ q: 'โอกินาวา' });
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
  }, 60_000);

  it('serves a PNG preview of the first page of a PDF and of an image', async () => {
    await extracted(imageDoc.id, 120_000);
    for (const id of [textDoc.id, scanDoc.id, imageDoc.id]) {
      const res = await t.as('auditor').get(`/documents/${id}/versions/1/preview`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect((res.body as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    }
  }, 150_000);
});

describe('extraction failures', () => {
  it('records a failed extraction with its error; the upload and the rest of the product are unaffected', async () => {
    // Starts and ends like a PDF (so the upload checks pass) but holds no readable PDF.
    const damaged = Buffer.from(`%PDF-1.7\n${'garbage '.repeat(200)}\n%%EOF\n`);
    const id = await agreement('Agreement with a damaged PDF');
    const doc = await upload(id, damaged, 'damaged.pdf', 'en');
    const extraction = await extracted(doc.id);
    expect(extraction).toMatchObject({ state: 'failed', error: expect.stringContaining('pdftotext') });
    expect((await t.http.get(`/documents/${doc.id}/versions/1/content`)).status).toBe(200);
    expect((await t.http.get(`/documents/${doc.id}/versions/1/preview`)).status).toBe(404);
    expect((await t.http.get('/agreements').query({ q: 'damaged PDF' })).status).toBe(200);
  }, 60_000);

  it('survives Redis losing a job: a version pending past DOCUMENT_REQUEUE_AFTER_SECONDS is handed over again', async () => {
    const keeper = worker.app.get(ExtractionKeeper);
    const id = await agreement('Agreement whose job was lost');
    // Hand the version over, then lose the job as a Redis restart would.
    const [{ document_id }] = await t.ownerQuery<{ document_id: string }>(
      `INSERT INTO document (agreement_id, type, language, created_by, updated_by)
       VALUES ($1, 'other', 'en', 'test', 'test') RETURNING id AS document_id`,
      [id],
    );
    await t.ownerQuery(
      `INSERT INTO document_version (document_id, number, sha256, size_bytes, media_type, filename, uploaded_by, enqueued_at)
       SELECT $1, 1, sha256, size_bytes, media_type, 'lost.pdf', 'test', now() - interval '1 hour'
         FROM document_version WHERE filename = 'signed-th.pdf'`,
      [document_id],
    );
    await keeper.sweep();
    await extracted(document_id);
  }, 60_000);
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('search plans', () => {
  it('searches documents by the trigram index on their text, and agreements still by theirs', async () => {
    // Set-based: 20,000 documents with extracted text (one stored blob) under as many agreements.
    await t.ownerQuery(
      `INSERT INTO blob (id, sha256, size_bytes, chunk_count) VALUES (nextval('blob_id_seq'), sha256('bulk'::bytea), 0, 0)`,
    );
    await t.ownerQuery(`
      WITH a AS (
        INSERT INTO agreement (reference, title_en, kind, parties, lead_agency, term_months, notice_days, status,
                               created_by, updated_by)
        SELECT 'DOCS-' || i, 'Bulk agreement ' || i, 'mou',
               '[{"country":"TH","organization":"MDES"},{"country":"KR","organization":"MSIT"}]', 'MDES', 60, 90,
               'draft', 'bulk', 'bulk'
          FROM generate_series(1, 20000) AS i RETURNING id, reference),
      d AS (
        INSERT INTO document (agreement_id, type, language, created_by, updated_by)
        SELECT id, 'report', 'th', 'bulk', 'bulk' FROM a RETURNING id, agreement_id)
      INSERT INTO document_version (document_id, number, sha256, size_bytes, media_type, filename, uploaded_by,
                                    extraction_state, text)
      SELECT d.id, 1, sha256('bulk'::bytea), 0, 'application/pdf', 'bulk.pdf', 'bulk', 'done',
             'รายงานความคืบหน้าโครงการหมายเลข' || substr(a.reference, 6) || 'ว่าด้วยความร่วมมือด้านดิจิทัล'
        FROM d JOIN a ON a.id = d.agreement_id`);
    await t.ownerQuery('ANALYZE agreement');
    await t.ownerQuery('ANALYZE document');
    await t.ownerQuery('ANALYZE document_version');

    const q = 'หมายเลข4321ว่า';
    const { result, queries } = await t.captureQueries(() => t.http.get('/agreements').query({ q }));
    expect(result.status).toBe(200);
    expect(result.body.items).toEqual([
      expect.objectContaining({
        reference: 'DOCS-4321',
        matchedDocuments: [expect.objectContaining({ filename: 'bulk.pdf', snippet: expect.stringContaining(q) })],
      }),
    ]);
    const statements = queries.filter((q) => /\bFROM agreement a\b/.test(q.sql));
    expect(statements).toHaveLength(2); // the page and the total
    for (const statement of statements) {
      const [row] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.parameters);
      const nodes = planNodes((row['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan);
      const seqScans = nodes.filter(
        (n) =>
          n['Node Type'] === 'Seq Scan' &&
          ['agreement', 'document', 'document_version'].includes(n['Relation Name'] ?? ''),
      );
      expect(seqScans).toEqual([]);
      const indexes = nodes.map((n) => n['Index Name']).filter(Boolean);
      expect(indexes).toEqual(expect.arrayContaining(['ix_agreement_search', 'ix_document_version_text']));
    }
  }, 60_000);
});
