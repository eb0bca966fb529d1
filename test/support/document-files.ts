import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import archiver from 'archiver';
import PDFDocument from 'pdfkit';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const sarabun = require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf');

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

/** An A4 PDF with real embedded text, in Sarabun (Thai and Latin). */
export function textPdf(lines: string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, ...options });
  doc.font(sarabun).fontSize(22);
  for (const line of lines) doc.text(line).moveDown();
  return collect(doc);
}

/** The first page of a PDF as a greyscale PNG at `dpi`: what a scanner would make of the paper. */
export async function scanOf(pdf: Buffer, dpi = 300): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'mou-test-scan-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', join(dir, 'in.pdf'), join(dir, 'page')]);
    return await readFile(join(dir, 'page.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF holding only an image of a page (no text layer): a scanned signed copy. */
export function imageOnlyPdf(png: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  doc.image(png, 0, 0, { fit: [595.28, 841.89] });
  return collect(doc);
}

/** A zip with the given entries, as archiver writes it (sizes in the central directory). */
export function zipOf(entries: Array<[string, string | Buffer]>): Promise<Buffer> {
  const archive = archiver('zip', { zlib: { level: 9 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    out.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
  archive.pipe(out);
  for (const [name, content] of entries) archive.append(content, { name });
  void archive.finalize();
  return done;
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;
const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
const documentXml = (paragraphs: string[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
${paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('\n')}
</w:body></w:document>`;

/** A minimal real DOCX (the three parts Word needs) with these paragraphs. */
export function docx(paragraphs: string[], extra: Array<[string, string | Buffer]> = []): Promise<Buffer> {
  return zipOf([
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', rels],
    ['word/document.xml', documentXml(paragraphs)],
    ...extra,
  ]);
}

/** A DOCX carrying `unzippedBytes` of zeros in one extra part: kilobytes zipped, far more unzipped. */
export function zipBombDocx(unzippedBytes: number): Promise<Buffer> {
  return docx(['bomb'], [['word/media/filler.bin', Buffer.alloc(unzippedBytes)]]);
}

/** A PDF encrypted with a user password (pdfkit's RC4/AES security handler). */
export function encryptedPdf(): Promise<Buffer> {
  return textPdf(['ลับ secret'], { userPassword: 'open sesame', ownerPassword: 'owner', pdfVersion: '1.7' });
}

/** A real executable (ELF) from this machine. */
export function executable(): Promise<Buffer> {
  return readFile('/bin/true');
}
