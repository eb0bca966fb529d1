import { createInflateRaw } from 'node:zlib';
import { DomainError } from '@mou/domain';

export type SpreadsheetFormat = 'xlsx' | 'csv';

export interface ZipLimits {
  maxUnzippedBytes: number;
  maxEntries: number;
}

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// "EncryptionInfo" as the UTF-16LE stream name an encrypted OOXML package carries in its CFB directory.
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/**
 * What a file is, by its bytes, never its name: a workbook is a zip holding
 * xl/workbook.xml (checked part by part against `limits`, so a zip bomb is refused before
 * any XML is parsed); a CFB container is a password-protected workbook or a legacy .xls;
 * text without NUL bytes outside UTF-16 is CSV; anything else is refused.
 */
export async function sniffSpreadsheet(content: Buffer, limits: ZipLimits): Promise<SpreadsheetFormat> {
  if (content.length === 0) throw unsupported('the file is empty');
  if (content.subarray(0, 8).equals(CFB_MAGIC)) {
    if (content.includes(ENCRYPTION_INFO)) {
      throw new DomainError(
        'ENCRYPTED_FILE',
        'The workbook is password-protected; open it in Excel, remove the password (File → Info → Protect Workbook) and upload it again',
        { errors: [{ field: 'file', message: 'is password-protected' }] },
      );
    }
    throw unsupported('this is a legacy Excel 97-2003 (.xls) workbook; save it as .xlsx or .csv and upload it again');
  }
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) {
    const entries = zipEntries(content, limits);
    if (!entries.some((entry) => entry.name === 'xl/workbook.xml')) {
      throw unsupported('this zip is not an Excel workbook (.xlsx)');
    }
    await checkInflatedSizes(content, entries, limits);
    return 'xlsx';
  }
  if (looksLikeText(content)) return 'csv';
  throw unsupported('this is not a spreadsheet; upload an .xlsx workbook or a .csv file');
}

function unsupported(reason: string): DomainError {
  return new DomainError('UNSUPPORTED_FILE', `Cannot import the file: ${reason}`, {
    errors: [{ field: 'file', message: reason }],
  });
}

function unreadable(reason: string): DomainError {
  return new DomainError('UNREADABLE_FILE', `Cannot read the workbook: ${reason}`, {
    errors: [{ field: 'file', message: reason }],
  });
}

/** UTF-16 (BOM or a NUL in every other byte) or text with no NUL and few control bytes. */
function looksLikeText(content: Buffer): boolean {
  const head = content.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  // UTF-16 without a BOM: NUL bytes (the high half of ASCII characters) all on one parity.
  const nul = [0, 0];
  let control = 0;
  head.forEach((byte, i) => {
    if (byte === 0) nul[i % 2]++;
    else if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  });
  if (nul[0] + nul[1] > 0) return (nul[0] === 0 || nul[1] === 0) && nul[0] + nul[1] >= head.length / 8;
  return control <= head.length / 100;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** The central directory, as the zip's end record describes it; entries and declared sizes checked. */
export function zipEntries(zip: Buffer, limits: ZipLimits): ZipEntry[] {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable('the zip has no central directory (a truncated or damaged file)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw unreadable('ZIP64 workbooks are not supported');
  if (count > limits.maxEntries) throw unreadable(`it holds ${count} parts; at most ${limits.maxEntries} are allowed`);
  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw unreadable('its zip directory is damaged');
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      declaredSize: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.flags & 0x1) {
      throw new DomainError(
        'ENCRYPTED_FILE',
        'The workbook is password-protected; remove the password and upload it again',
        {
          errors: [{ field: 'file', message: 'is password-protected' }],
        },
      );
    }
    declared += entry.declaredSize;
    if (declared > limits.maxUnzippedBytes) throw bomb(limits);
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function bomb(limits: ZipLimits): DomainError {
  return unreadable(
    `it unzips to more than ${Math.round(limits.maxUnzippedBytes / 1024 / 1024)} MB (a zip bomb, or far more than an office spreadsheet holds)`,
  );
}

/**
 * Declared sizes can lie: every deflated part is inflated once, streamed and counted (not
 * kept), against the budget left. Memory stays at one inflate window whatever the part holds.
 */
async function checkInflatedSizes(zip: Buffer, entries: ZipEntry[], limits: ZipLimits): Promise<void> {
  let budget = limits.maxUnzippedBytes;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      throw unreadable('a part of the zip is damaged');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      budget -= data.length;
    } else if (entry.method === 8) {
      budget -= await inflatedSize(data, budget, limits);
    } else {
      throw unreadable(`a part uses zip compression method ${entry.method}, which Excel does not write`);
    }
    if (budget < 0) throw bomb(limits);
  }
}

/** The stored (compressed) bytes of one part, found through its local header. */
export function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
    throw unreadable('a part of the zip is damaged');
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  return zip.subarray(start, start + entry.compressedSize);
}

function inflatedSize(data: Buffer, budget: number, limits: ZipLimits): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        reject(bomb(limits));
      }
    });
    inflate.on('error', () => reject(unreadable('a part of the zip does not inflate (a damaged file)')));
    inflate.on('end', () => resolve(size));
    inflate.end(data);
  });
}
