import { fileTypeFromBuffer } from 'file-type';
import { allowedMediaTypes, mediaTypes } from '@mou/documents';
import { DomainError } from '@mou/domain';
import { claimedByName } from './file-name.js';

/** Bytes read before the content is sniffed (file-type reads an OOXML's first zip entries). */
export const SNIFF_BYTES = 64 * 1024;

const label: Record<string, string> = {
  [mediaTypes.pdf]: 'PDF',
  [mediaTypes.jpeg]: 'JPEG',
  [mediaTypes.png]: 'PNG',
  [mediaTypes.tiff]: 'TIFF',
  [mediaTypes.docx]: 'DOCX',
  [mediaTypes.xlsx]: 'XLSX',
};
const allowedList = 'PDF, DOCX, XLSX, JPEG, PNG or TIFF';

const unsupported = (message: string) =>
  new DomainError('UNSUPPORTED_FILE_TYPE', `file ${message}`, { errors: [{ field: 'file', message }] });
export const invalidFile = (message: string) =>
  new DomainError('INVALID_FILE', `file ${message}`, { errors: [{ field: 'file', message }] });

/**
 * What the first bytes are, by content alone (file-type); refused unless on the allowed
 * list, and refused when the file's name or declared type claims another allowed type
 * (a PNG called contract.pdf is not what it claims).
 */
export async function sniffMediaType(head: Buffer, filename: string | undefined, declared: string | undefined) {
  if (!head.length) throw invalidFile('is empty');
  const found = await fileTypeFromBuffer(head);
  if (!found || !allowedMediaTypes.includes(found.mime)) {
    const what = found ? `is ${found.mime} (.${found.ext})` : 'is of no recognised type';
    throw unsupported(`${what} by its content; allowed: ${allowedList}`);
  }
  const byName = claimedByName(filename);
  if (byName && byName !== found.mime) {
    throw unsupported(`is ${label[found.mime]} by its content, but its name claims ${label[byName]}`);
  }
  if (declared && allowedMediaTypes.includes(declared) && declared !== found.mime) {
    throw unsupported(`is ${label[found.mime]} by its content, but was sent as ${declared}`);
  }
  return found.mime;
}

const ENCRYPT = Buffer.from('/Encrypt');
const EOF_MARK = Buffer.from('%%EOF');
/** %%EOF sits near the end; a little trailing whitespace or an incremental-update marker may follow. */
const TAIL_BYTES = 2048;

/**
 * Watches a PDF go by: an /Encrypt entry (a password-protected or encrypted file, which
 * neither pdftotext nor the reader of the register can open) and the %%EOF that ends every
 * complete PDF (a truncated upload has none). A search across chunk boundaries keeps the
 * last few bytes of each chunk.
 */
export class PdfWatcher {
  private carry = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private encrypted = false;

  see(chunk: Buffer): void {
    // Without copying the chunk: it is searched as it is, and so is the seam with the last one.
    if (!this.encrypted) {
      const seam = Buffer.concat([this.carry, chunk.subarray(0, ENCRYPT.length - 1)]);
      this.encrypted = chunk.includes(ENCRYPT) || seam.includes(ENCRYPT);
    }
    this.carry = Buffer.concat([this.carry, chunk.subarray(-(ENCRYPT.length - 1))]).subarray(-(ENCRYPT.length - 1));
    this.tail =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(-TAIL_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  /** Throws the 422 a bad PDF gets. */
  check(): void {
    if (this.encrypted) throw invalidFile('is an encrypted PDF; upload it without a password or encryption');
    if (!this.tail.includes(EOF_MARK))
      throw invalidFile('is not a complete PDF (it has no %%EOF: truncated or damaged)');
  }
}
