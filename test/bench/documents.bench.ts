import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import { TextExtractor } from '../../apps/worker/src/documents/text-extractor.js';
import { imageOnlyPdf, scanOf, textPdf } from '../support/document-files.js';
import { freePort } from '../support/redis-process.js';
import {
  benchLog,
  benchUserToken,
  createBenchDatabase,
  dropOnSignal,
  env,
  figure,
  type Figure,
  formatTable,
  machineInfo,
  median,
  postgresVersion,
  round,
  rssPeakSampler,
  startBenchApi,
  stopChild,
  writeResults,
} from './support/index.js';

/**
 * Document numbers issue 15 sets:
 *  - a 50 MB upload through the built API (its own process, so its memory is the server's
 *    alone): peak RSS growth during the upload <= 20 MB, and throughput >= half of writing
 *    the same bytes with one bare INSERT (a single 50 MB bytea parameter, bare pg, into a
 *    table stored like blob_chunk);
 *  - OCR of a one-page A4 Thai scan (300 dpi) by the worker's extractor (tesseract tha+eng,
 *    and the preview), beside `tesseract` run by hand on the same image; and the same page
 *    as an image-only PDF (pdftoppm + tesseract).
 * Each is the median of BENCH_DOCUMENT_ROUNDS rounds (default 3), the API and the baseline
 * alternating. Needs `npm run build` first; results go to bench-results/documents.json.
 */
const run = promisify(execFile);
const settings = {
  uploadBytes: env('BENCH_DOCUMENT_BYTES', 50 * 1024 * 1024),
  rounds: env('BENCH_DOCUMENT_ROUNDS', 3),
};
const TARGET = { rssGrowthMB: 20, shareOfInsert: 0.5 };
const RESULTS = 'bench-results/documents.json';
const JWT_SECRET = 'bench-documents-secret-0123456789abcdef';

const log = benchLog('documents');

/** A PDF of `size` bytes: a header, incompressible random bytes (like a scan's image data), a trailer. */
async function writePdfLike(path: string, size: number): Promise<void> {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 0 >>\nstream\n', 'latin1');
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  await writeFile(path, Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]));
}

interface UploadRun {
  seconds: number;
  mbPerSecond: number;
  rssBeforeMB: number;
  peakRssMB: number;
  growthMB: number;
}

/** One multipart upload streamed from disk, with the server's RSS sampled every 20 ms. */
async function uploadOnce(
  port: number,
  token: string,
  apiPid: number,
  agreementId: string,
  path: string,
  size: number,
) {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    field('type', 'signed-copy') +
      field('language', 'th') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const rss = rssPeakSampler(apiPid, 20);
  const started = performance.now();
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/agreements/${agreementId}/documents`,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + size + tail.length),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.write(head);
      const file = createReadStream(path, { highWaterMark: 256 * 1024 });
      file.on('error', reject);
      file.on('end', () => request.end(tail));
      file.pipe(request, { end: false });
    });
    const seconds = (performance.now() - started) / 1000;
    if (status !== 201) throw new Error(`upload answered ${status}`);
    return {
      seconds: round(seconds, 3),
      mbPerSecond: round(size / 2 ** 20 / seconds, 1),
      rssBeforeMB: round(rss.before / 2 ** 20, 1),
      peakRssMB: round(rss.peak() / 2 ** 20, 1),
      growthMB: round((rss.peak() - rss.before) / 2 ** 20, 1),
    } satisfies UploadRun;
  } finally {
    rss.stop();
  }
}

/** The baseline: the same bytes, already in memory, written by one INSERT through bare pg. */
async function bareInsert(url: string, path: string): Promise<{ seconds: number; mbPerSecond: number }> {
  const bytes = await readFile(path);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS bench_bytes (id serial PRIMARY KEY, data bytea NOT NULL)`);
    await client.query(`ALTER TABLE bench_bytes ALTER COLUMN data SET STORAGE EXTERNAL`);
    const started = performance.now();
    await client.query('INSERT INTO bench_bytes (data) VALUES ($1)', [bytes]);
    const seconds = (performance.now() - started) / 1000;
    return { seconds: round(seconds, 3), mbPerSecond: round(bytes.length / 2 ** 20 / seconds, 1) };
  } finally {
    await client.query('TRUNCATE bench_bytes').catch(() => undefined);
    await client.end();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: round((performance.now() - started) / 1000, 2), result };
}

/** A full A4 page of Thai (and a little English) text, as a scanner would see it. */
function thaiPage(): string[] {
  const lines = [
    'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล',
    'ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทย',
    'กับกระทรวงกิจการภายในและการสื่อสารของญี่ปุ่น',
    'ข้อ ๑ ความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์',
    'ข้อ ๒ เทคโนโลยีสารสนเทศเพื่อการตรวจอากาศและการลดความเสี่ยงจากภัยพิบัติ',
    'ข้อ ๓ การแลกเปลี่ยนองค์ความรู้ด้านนวัตกรรมเทคโนโลยีและบริการดิจิทัล',
    'ข้อ ๔ การพัฒนาบุคลากรด้านเทคโนโลยีสารสนเทศและดิจิทัล',
    'ข้อ ๕ ความร่วมมือด้านไปรษณีย์ ข้อ ๖ ด้านอื่น ๆ ที่ทั้งสองฝ่ายเห็นพ้อง',
    'บันทึกนี้มีผลใช้บังคับเป็นระยะเวลาห้าปีนับแต่วันลงนาม',
    'Memorandum of Cooperation in the field of ICT and Digital, signed in Tokyo.',
  ];
  return [...lines, ...lines.slice(3, 8)];
}

export async function runDocumentsBench(): Promise<{ figures: Figure[]; ok: boolean }> {
  const started = performance.now();
  log('creating and migrating the bench database …');
  const bench = await createBenchDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'mou-bench-documents-'));
  let api: ChildProcess | undefined;
  const release = dropOnSignal(bench, () => api?.kill('SIGTERM'));
  try {
    const db = bench.dataSource;
    const postgres = await postgresVersion(db);
    const token = await benchUserToken(db, JWT_SECRET, 'manager', 'MDES');
    const [{ id: agreementId }] = await db.query(
      `INSERT INTO agreement (reference, title_en, kind, parties, lead_agency, term_months, notice_days, status,
                              created_by, updated_by)
       VALUES ('BENCH-DOCS-' || floor(random() * 1e9), 'Bench agreement for documents', 'mou',
               '[{"country":"TH","organization":"MDES"},{"country":"JP","organization":"MIC"}]', 'MDES', 60, 90,
               'draft', 'bench', 'bench') RETURNING id`,
    );
    const port = await freePort();
    api = await startBenchApi('documents', { databaseUrl: bench.url, port, jwtSecret: JWT_SECRET });

    // The first large upload of a process also grows the allocator's arenas and lets V8's
    // external-memory GC trigger find its pace: reported on its own, then the measured rounds.
    log(`warming up with a first ${settings.uploadBytes / 2 ** 20} MB upload …`);
    const warmFile = join(dir, 'warm.pdf');
    await writePdfLike(warmFile, settings.uploadBytes);
    const warm = await uploadOnce(port, token, api.pid!, agreementId, warmFile, settings.uploadBytes);
    log(`    first upload: ${JSON.stringify(warm)}`);
    await rm(warmFile);

    const uploads: UploadRun[] = [];
    const inserts: Array<{ seconds: number; mbPerSecond: number }> = [];
    for (let i = 0; i < settings.rounds; i++) {
      // Different bytes each round, so no upload is a duplicate of one already stored.
      const file = join(dir, `upload-${i}.pdf`);
      await writePdfLike(file, settings.uploadBytes);
      const upload = await uploadOnce(port, token, api.pid!, agreementId, file, settings.uploadBytes);
      log(`    upload ${i + 1}: ${JSON.stringify(upload)}`);
      uploads.push(upload);
      const insert = await bareInsert(bench.url, file);
      log(`    bare INSERT ${i + 1}: ${JSON.stringify(insert)}`);
      inserts.push(insert);
      await rm(file);
    }

    log('OCR of a one-page A4 Thai scan (300 dpi) …');
    const page = await scanOf(await textPdf(thaiPage(), { margin: 48 }), 300);
    const scanPng = join(dir, 'scan.png');
    await writeFile(scanPng, page);
    const scanPdf = join(dir, 'scan.pdf');
    await writeFile(scanPdf, await imageOnlyPdf(page));
    const extractor = new TextExtractor({ ocrLanguages: 'tha+eng', ocrMaxPages: 50, timeoutMs: 300_000 });
    const ocr = {
      worker: [] as number[],
      workerPdf: [] as number[],
      byHand: [] as number[],
      byHandOneThread: [] as number[],
      chars: 0,
    };
    for (let i = 0; i < settings.rounds; i++) {
      const work = await mkdtemp(join(dir, 'ocr-'));
      const image = await timed(() => extractor.extract(scanPng, 'image/png', work));
      const pdf = await timed(() => extractor.extract(scanPdf, 'application/pdf', work));
      const hand = await timed(() => run('tesseract', [scanPng, 'stdout', '-l', 'tha+eng']));
      const oneThread = await timed(() =>
        run('tesseract', [scanPng, 'stdout', '-l', 'tha+eng'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } }),
      );
      ocr.byHandOneThread.push(oneThread.seconds);
      ocr.worker.push(image.seconds);
      ocr.workerPdf.push(pdf.seconds);
      ocr.byHand.push(hand.seconds);
      ocr.chars = image.result.text.replace(/\s+/g, '').length;
      log(
        `    round ${i + 1}: worker PNG ${image.seconds} s, worker PDF ${pdf.seconds} s, by hand ${hand.seconds} s (one thread ${oneThread.seconds} s)`,
      );
      await rm(work, { recursive: true, force: true });
    }

    const uploadRate = median(uploads.map((u) => u.mbPerSecond));
    const insertRate = median(inserts.map((u) => u.mbPerSecond));
    // Each round's upload beside the INSERT right after it (the shared machine's load drifts).
    const ratio = median(uploads.map((u, i) => u.mbPerSecond / inserts[i].mbPerSecond));
    const mb = round(settings.uploadBytes / 2 ** 20, 0);
    const figures = [
      figure(
        'upload.rss',
        `API peak RSS growth during a ${mb} MB upload (worst of ${settings.rounds})`,
        Math.max(...uploads.map((u) => u.growthMB)),
        'MB',
        { op: '<=', value: TARGET.rssGrowthMB },
      ),
      figure('upload.rssFirst', `The same, for the process's first ${mb} MB upload`, warm.growthMB, 'MB'),
      figure('upload.rate', `API upload of ${mb} MB (multipart, checked, chunked, hashed)`, uploadRate, 'MB/s'),
      figure('upload.bare', 'Baseline: one bare INSERT of the same bytes (bare pg)', insertRate, 'MB/s'),
      figure('upload.ratio', 'API upload rate ÷ bare INSERT rate (median of rounds)', round(ratio, 2), '×', {
        op: '>=',
        value: TARGET.shareOfInsert,
      }),
      figure('ocr.worker', 'OCR of an A4 Thai scan (PNG) by the worker', median(ocr.worker), 's'),
      figure('ocr.workerPdf', 'OCR of the same page as an image-only PDF by the worker', median(ocr.workerPdf), 's'),
      figure('ocr.byHand', 'tesseract -l tha+eng run by hand on the PNG', median(ocr.byHand), 's'),
      figure(
        'ocr.byHandOneThread',
        'The same with OMP_THREAD_LIMIT=1 (as the worker runs it)',
        median(ocr.byHandOneThread),
        's',
      ),
    ];
    const ok = figures.every((f) => f.pass !== false);
    console.log(`\n${formatTable('Documents benchmark', figures)}\n`);
    writeResults(RESULTS, log, started, {
      bench: 'documents',
      machine: machineInfo(postgres),
      settings,
      firstUpload: warm,
      uploads,
      inserts,
      ocr,
      figures,
      ok,
    });
    return { figures, ok };
  } finally {
    release();
    await stopChild(api);
    await rm(dir, { recursive: true, force: true });
    await bench.drop();
  }
}
