import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { scanOf, textPdf } from './support/document-files.js';
import { insertAgreement } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually, startTestWorker, type TestWorker } from './support/test-worker.js';

let t: TestApp;
let worker: TestWorker;

beforeAll(async () => {
  // Every tool run is cut off after a second: OCR of a 600 dpi page cannot finish in time.
  process.env.DOCUMENT_TOOL_TIMEOUT_MS = '1000';
  process.env.DOCUMENT_SWEEP_EVERY_MS = '200';
  process.env.DOCUMENT_EXTRACTION_BACKOFF_MS = '100';
  process.env.DOCUMENT_EXTRACTION_ATTEMPTS = '2';
  t = await startTestApp();
  worker = await startTestWorker(t.clock);
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await t?.close();
  for (const name of [
    'DOCUMENT_TOOL_TIMEOUT_MS',
    'DOCUMENT_SWEEP_EVERY_MS',
    'DOCUMENT_EXTRACTION_BACKOFF_MS',
    'DOCUMENT_EXTRACTION_ATTEMPTS',
  ]) {
    delete process.env[name];
  }
});

it('retries an extraction that did not finish, then records it as failed with why; the upload stands', async () => {
  const agreement = await insertAgreement(t);
  const scan = await scanOf(await textPdf(['โครงการเน็ตประชารัฐ', 'หมู่บ้านทั่วประเทศ']), 600);
  const doc = await t.http
    .post(`/agreements/${agreement.id}/documents`)
    .field('type', 'signed-copy')
    .field('language', 'th')
    .attach('file', scan, { filename: 'scan.png' });
  expect(doc.status).toBe(201);
  let extraction: { state: string; attempts: number; error: string | null } | undefined;
  await eventually(async () => {
    const res = await t.http.get(`/documents/${doc.body.id}`);
    extraction = res.body.current.extraction;
    expect(extraction!.state).toBe('failed');
  }, 60_000);
  expect(extraction).toMatchObject({
    attempts: 2,
    error: expect.stringMatching(/tesseract did not finish: timed out/),
  });
  expect((await t.http.get(`/documents/${doc.body.id}/versions/1/content`)).status).toBe(200);
}, 90_000);
