import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { DomainError } from '@mou/domain';
import type { SpreadsheetFormat } from './file-sniffer.js';
import { xlsxRows as readXlsxRows } from './xlsx.reader.js';

/** A cell's value as the import reads it; formulas give their cached result, never evaluated. */
export type CellValue = string | number | boolean | Date | null | CellTrouble;

/** A cell that holds no usable value: a problem of its row if its column is mapped. */
export interface CellTrouble {
  trouble: 'formula-without-value' | 'error-value' | 'too-long';
  detail: string;
}

export interface SheetRow {
  sheet: string;
  /** As the spreadsheet numbers it (the header is usually row 1). */
  rowNumber: number;
  cells: CellValue[];
}

export interface SheetHeader {
  name: string;
  hidden: boolean;
  headerRow: number;
  headers: string[];
}

export interface ReadLimits {
  maxRows: number;
  maxCellChars: number;
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-874';

/** CSV has one sheet; it is named after the file's format so mappings can refer to it. */
export const CSV_SHEET = 'CSV';

/**
 * The stored file as a stream of 64 KiB slices: handed over whole, one chunk would let
 * csv-parse turn the entire file into records before anyone reads the first (no backpressure).
 */
function slices(content: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < content.length; at += 65_536) yield content.subarray(at, at + 65_536);
    })(),
    { objectMode: false },
  );
}

export function isTrouble(value: CellValue): value is CellTrouble {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/**
 * The encoding of a CSV file: a BOM says it outright; NUL bytes in every other position
 * are UTF-16 without one; bytes that are valid UTF-8 are UTF-8; anything else is what Thai
 * Windows writes (Windows-874, a superset of TIS-620).
 */
export function detectCsvEncoding(content: Buffer): CsvEncoding {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) return 'utf-8';
  if (content[0] === 0xff && content[1] === 0xfe) return 'utf-16le';
  if (content[0] === 0xfe && content[1] === 0xff) return 'utf-16be';
  if (content.length >= 2 && content[1] === 0 && content[0] !== 0) return 'utf-16le';
  if (content.length >= 2 && content[0] === 0 && content[1] !== 0) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return 'utf-8';
  } catch {
    return 'windows-874';
  }
}

/**
 * Every data row of every sheet, in file order, one at a time (a workbook by xlsx.reader.ts,
 * a CSV by csv-parse): memory holds one row, the shared
 * strings and the caller's own state. Empty rows are skipped; the first non-empty row of
 * a sheet is its header and is handed to `onHeader`, not yielded. Past `maxRows` data
 * rows the file is refused (413) without reading further.
 */
export async function* readRows(
  content: Buffer,
  format: SpreadsheetFormat,
  limits: ReadLimits,
  onHeader: (header: SheetHeader) => void,
  options: { firstSheet?: string } = {},
): AsyncGenerator<SheetRow> {
  let count = 0;
  const source = format === 'csv' ? csvRows(content) : xlsxRows(content, options.firstSheet);
  let header: string | null = null;
  for await (const { sheet, hidden, rowNumber, values } of source) {
    const cells = values.map((value) => normalize(value, limits.maxCellChars));
    if (cells.every((cell) => cell === null || cell === '')) continue;
    if (header !== sheet) {
      header = sheet;
      onHeader({ name: sheet, hidden, headerRow: rowNumber, headers: headerNames(cells) });
      continue;
    }
    if (++count > limits.maxRows) {
      throw new DomainError(
        'FILE_TOO_LARGE',
        `The file has more than ${limits.maxRows.toLocaleString('en')} data rows; split it into smaller files`,
        { errors: [{ field: 'file', message: `has more than ${limits.maxRows} rows` }] },
      );
    }
    yield { sheet, rowNumber, cells };
  }
}

interface RawRow {
  sheet: string;
  hidden: boolean;
  rowNumber: number;
  values: unknown[];
}

async function* xlsxRows(content: Buffer, firstSheet: string | undefined): AsyncGenerator<RawRow> {
  try {
    yield* readXlsxRows(content, firstSheet);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('UNREADABLE_FILE', `Cannot read the workbook: ${(error as Error).message}`, {
      errors: [{ field: 'file', message: 'is not a readable .xlsx workbook' }],
    });
  }
}

async function* csvRows(content: Buffer): AsyncGenerator<RawRow> {
  const encoding = detectCsvEncoding(content);
  const text = slices(content).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const parser = text.pipe(
    parse({
      delimiter: guessDelimiter(content, encoding),
      relax_column_count: true,
      relax_quotes: true,
      // One record may not grow past this: a runaway quote cannot swallow the file into memory.
      max_record_size: 4 * 1024 * 1024,
    }),
  );
  // Rows are numbered as a spreadsheet shows them: empty lines count (readRows skips them).
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { sheet: CSV_SHEET, hidden: false, rowNumber: ++rowNumber, values: record };
    }
  } catch (error) {
    throw new DomainError('UNREADABLE_FILE', `Cannot read the CSV file: ${(error as Error).message}`, {
      errors: [{ field: 'file', message: 'is not a readable CSV file' }],
    });
  }
}

/** Comma, semicolon or tab: whichever the first line has most of (Excel in some locales writes `;`). */
function guessDelimiter(content: Buffer, encoding: CsvEncoding): string {
  const head = iconv.decode(content.subarray(0, 4096), encoding);
  const firstLine = head.split(/\r?\n/, 1)[0];
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][1] > 0 ? counts[0][0] : ',';
}

function headerNames(cells: CellValue[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell === null || isTrouble(cell) ? '' : String(cell).replace(/\s+/g, ' ').trim();
    const name = base || `Column ${index + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function normalize(value: unknown, maxChars: number): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value.length > maxChars) {
      return { trouble: 'too-long', detail: `${value.length}` };
    }
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v = value as {
    formula?: string;
    sharedFormula?: string;
    result?: unknown;
    richText?: Array<{ text: string }>;
    text?: unknown;
    error?: string;
  };
  if (v.formula !== undefined || v.sharedFormula !== undefined) {
    if (v.result === undefined || v.result === null) {
      return { trouble: 'formula-without-value', detail: `=${v.formula ?? v.sharedFormula}` };
    }
    if (typeof v.result === 'object' && 'error' in (v.result as object)) {
      return { trouble: 'error-value', detail: String((v.result as { error: string }).error) };
    }
    return normalize(v.result, maxChars);
  }
  if (v.richText) return normalize(v.richText.map((part) => part.text).join(''), maxChars);
  if (v.error !== undefined) return { trouble: 'error-value', detail: v.error };
  if (v.text !== undefined) return normalize(v.text, maxChars);
  return null;
}
