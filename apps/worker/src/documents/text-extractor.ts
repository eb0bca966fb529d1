import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { type ExtractionMethod, mediaTypes } from '@mou/documents';

const run = promisify(execFile);

/** A failure no retry can cure (an encrypted or damaged file): recorded as failed at once. */
export class PermanentExtractionError extends Error {
  override name = 'PermanentExtractionError';
}

export interface Extracted {
  text: string;
  method: ExtractionMethod;
  pageCount: number | null;
  /** The first page as a PNG, when the type has pages to show. */
  preview: Buffer | null;
}

export interface ExtractorOptions {
  ocrLanguages: string;
  ocrMaxPages: number;
  timeoutMs: number;
}

/** Long edge of a preview, in pixels. */
const PREVIEW_PIXELS = 1024;
/** A PDF with fewer visible characters per page than this is taken for a scan and OCRed. */
const MIN_CHARS_PER_PAGE = 20;
/** Resolution pages are rendered at for OCR (tesseract reads 300 dpi best). */
const OCR_DPI = 300;

/**
 * Reads the text out of a stored file with Debian's tools: pdftotext for PDFs with text,
 * pdftoppm + tesseract (Thai and English) for scanned PDFs and images, mammoth for DOCX,
 * the shared strings of an XLSX; and renders the first page as a PNG preview.
 */
export class TextExtractor {
  constructor(private readonly options: ExtractorOptions) {}

  async extract(file: string, mediaType: string, dir: string): Promise<Extracted> {
    switch (mediaType) {
      case mediaTypes.pdf:
        return this.pdf(file, dir);
      case mediaTypes.docx: {
        const { value } = await mammoth.extractRawText({ path: file }).catch((error: Error) => {
          throw new PermanentExtractionError(`DOCX could not be read: ${error.message}`);
        });
        return { text: value, method: 'mammoth', pageCount: null, preview: null };
      }
      case mediaTypes.xlsx:
        return { text: await sharedStrings(file), method: 'xlsx-strings', pageCount: null, preview: null };
      case mediaTypes.jpeg:
      case mediaTypes.png:
      case mediaTypes.tiff: {
        // rotate(): upright as the camera's EXIF orientation says, as a viewer would show it.
        const preview = await sharp(file, { pages: 1 })
          .rotate()
          .resize(PREVIEW_PIXELS, PREVIEW_PIXELS, { fit: 'inside', withoutEnlargement: true })
          .png()
          .toBuffer()
          .catch((error: Error) => {
            throw new PermanentExtractionError(`image could not be read: ${error.message}`);
          });
        return { text: await this.ocr(file), method: 'ocr', pageCount: null, preview };
      }
      default:
        throw new PermanentExtractionError(`no extractor for ${mediaType}`);
    }
  }

  /** Embedded text when there is enough of it; otherwise every page (up to the limit) OCRed. */
  private async pdf(file: string, dir: string): Promise<Extracted> {
    const text = await this.tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
    // pdftotext ends each page with a form feed.
    const pageCount = Math.max(1, text.split('\f').length - 1);
    await this.tool('pdftoppm', [
      '-f',
      '1',
      '-l',
      '1',
      '-png',
      '-singlefile',
      '-scale-to',
      String(PREVIEW_PIXELS),
      file,
      join(dir, 'preview'),
    ]);
    const preview = await readFile(join(dir, 'preview.png'));
    if (text.replace(/\s+/g, '').length >= MIN_CHARS_PER_PAGE * pageCount) {
      return { text, method: 'pdftotext', pageCount, preview };
    }
    const pagesDir = join(dir, 'pages');
    await mkdir(pagesDir);
    await this.tool('pdftoppm', [
      '-r',
      String(OCR_DPI),
      '-gray',
      '-png',
      '-l',
      String(this.options.ocrMaxPages),
      file,
      join(pagesDir, 'p'),
    ]);
    const pages = (await readdir(pagesDir)).filter((name) => name.endsWith('.png')).sort();
    const texts: string[] = [];
    for (const page of pages) texts.push(await this.ocr(join(pagesDir, page)));
    return { text: texts.join('\f'), method: 'ocr', pageCount, preview };
  }

  private ocr(image: string): Promise<string> {
    return this.tool('tesseract', [image, 'stdout', '-l', this.options.ocrLanguages]);
  }

  /**
   * Runs a tool with the time limit. A tool that ran and refused the file (an encrypted or
   * damaged PDF) is a permanent failure; a timeout or a missing tool may pass on a retry.
   */
  private async tool(command: string, args: string[]): Promise<string> {
    try {
      const { stdout } = await run(command, args, {
        timeout: this.options.timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
      return stdout;
    } catch (error) {
      const e = error as Error & { code?: string | number; killed?: boolean; stderr?: string };
      const detail = (e.stderr ?? '').trim().split('\n').slice(-3).join(' ') || e.message;
      if (e.killed || e.code === 'ENOENT' || typeof e.code === 'string') {
        throw new Error(
          `${command} did not finish: ${e.killed ? `timed out after ${this.options.timeoutMs} ms` : detail}`,
          { cause: error },
        );
      }
      throw new PermanentExtractionError(`${command} could not read the file: ${detail}`, { cause: error });
    }
  }
}

/** The text cells of a workbook: xl/sharedStrings.xml, tags stripped, entities decoded. */
async function sharedStrings(file: string): Promise<string> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  try {
    const xml = await new Promise<string>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'xl/sharedStrings.xml') return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          stream.on('error', reject);
        });
      });
      zip.once('end', () => resolve(''));
      zip.once('error', reject);
      zip.readEntry();
    });
    return [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => decodeXml(m[1])).join('\n');
  } finally {
    zip.close();
  }
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[entity]) return named[entity];
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}
