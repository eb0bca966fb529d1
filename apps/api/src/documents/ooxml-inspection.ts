import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type BlobStore, mediaTypes } from '@mou/documents';
import type { EntityManager } from 'typeorm';
import { invalidFile } from './file-inspection.js';

const MAX_ENTRIES = 10_000;

/** The part every real DOCX / XLSX has, beside [Content_Types].xml. */
const mainPart: Record<string, string> = {
  [mediaTypes.docx]: 'word/document.xml',
  [mediaTypes.xlsx]: 'xl/workbook.xml',
};

/** yauzl reading a stored blob by ranges (its central directory sits at the end). */
class BlobReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly store: BlobStore,
    private readonly sha256: string,
    private readonly tx: EntityManager,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.store.readRange(this.sha256, start, end, this.tx));
  }
}

/**
 * Checks a stored zip is a real DOCX or XLSX that unzips to at most `maxUnzipped` bytes:
 * the declared sizes first (a zip bomb usually says what it is), then every entry is
 * inflated and counted (yauzl refuses an entry longer than it declared), so neither a
 * lying header nor the worker's mammoth can be made to unpack more. 422 otherwise.
 */
export async function inspectOoxml(
  store: BlobStore,
  tx: EntityManager,
  blob: { sha256: string; size: number },
  mediaType: string,
  maxUnzipped: number,
): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new BlobReader(store, blob.sha256, tx), blob.size, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw invalidFile(
      `is not a readable ${mediaType === mediaTypes.docx ? 'DOCX' : 'XLSX'} (${(error as Error).message})`,
    );
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) throw invalidFile(`has ${zip.entryCount} zip entries (at most ${MAX_ENTRIES})`);
    const entries = await readEntries(zip);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    const names = new Set(entries.map((e) => e.fileName));
    const main = mainPart[mediaType];
    if (!names.has('[Content_Types].xml') || !names.has(main)) {
      throw invalidFile(`is a zip but not a real ${mediaType === mediaTypes.docx ? 'DOCX' : 'XLSX'} (no ${main})`);
    }
    const bomb = () =>
      invalidFile(`unzips to more than ${maxUnzipped} bytes (a zip bomb?); documents may unzip to at most that`);
    if (declared > maxUnzipped) throw bomb();
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const piece of stream as AsyncIterable<Buffer>) {
        inflated += piece.length;
        if (inflated > maxUnzipped) {
          stream.destroy();
          throw bomb();
        }
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'INVALID_FILE') throw error;
    throw invalidFile(`is a damaged zip (${(error as Error).message})`);
  } finally {
    zip.close();
  }
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}
