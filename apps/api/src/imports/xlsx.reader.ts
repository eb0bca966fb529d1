import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DomainError } from '@mou/domain';
import { entryData, type ZipEntry, zipEntries } from './file-sniffer.js';

/** A row as the workbook holds it: cell values by column index (0-based), formulas as their cached values. */
export interface XlsxRow {
  sheet: string;
  hidden: boolean;
  rowNumber: number;
  values: unknown[];
}

/** A formula cell saved without its value, or a cell holding an error (#N/A …). */
export interface XlsxCellProblem {
  formula?: string;
  error?: string;
}

/*
 * Why not exceljs' streaming reader: it decodes each inflated chunk to text on its own, so a
 * Thai character (three bytes in UTF-8) falling across a chunk boundary comes out as two
 * replacement characters; with large sheets of Thai text that happens every few hundred
 * rows. Here each part is inflated by zlib and decoded by a streaming UTF-8 decoder before
 * saxes sees it. The parts are found through the zip's central directory (file-sniffer.ts),
 * which the upload already checked against the size limits.
 */

/** Inflated text of a part, chunk by chunk, multi-byte characters kept whole. */
function partText(zip: Buffer, entry: ZipEntry): Readable {
  const data = entryData(zip, entry);
  const raw = entry.method === 0 ? Readable.from([data]) : Readable.from([data]).pipe(createInflateRaw());
  raw.setEncoding('utf8');
  return raw;
}

/** Parses a part with saxes, handing each batch of events over as it comes. */
async function* xmlEvents(zip: Buffer, entry: ZipEntry): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser();
  let events: XmlEvent[] = [];
  let failure: Error | null = null;
  parser.on('opentag', (tag) => events.push({ open: tag as SaxesTagPlain }));
  parser.on('closetag', (tag) => events.push({ close: tag.name }));
  parser.on('text', (text) => events.push({ text }));
  parser.on('error', (error) => (failure = error));
  for await (const chunk of partText(zip, entry)) {
    parser.write(chunk as string);
    if (failure) throw unreadable(`${entry.name} is not well-formed XML`);
    yield events;
    events = [];
  }
  parser.close();
  if (events.length) yield events;
}

type XmlEvent = { open: SaxesTagPlain } | { close: string } | { text: string };

function unreadable(reason: string): DomainError {
  return new DomainError('UNREADABLE_FILE', `Cannot read the workbook: ${reason}`, {
    errors: [{ field: 'file', message: 'is not a readable .xlsx workbook' }],
  });
}

/** Local name of a tag (`x:row` → `row`): some writers prefix the spreadsheetml namespace. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Excel writes control characters as _xHHHH_ escapes. */
const unescapeExcel = (text: string) =>
  text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function* tags(zip: Buffer, entry: ZipEntry | undefined): AsyncGenerator<SaxesTagPlain> {
  if (!entry) return;
  for await (const batch of xmlEvents(zip, entry)) for (const e of batch) if ('open' in e) yield e.open;
}

interface SheetRef {
  name: string;
  hidden: boolean;
  path: string;
}

async function workbookSheets(
  zip: Buffer,
  byName: Map<string, ZipEntry>,
): Promise<{ sheets: SheetRef[]; date1904: boolean }> {
  const targets = new Map<string, string>();
  for await (const tag of tags(zip, byName.get('xl/_rels/workbook.xml.rels'))) {
    if (local(tag.name) === 'Relationship') {
      const target = String(tag.attributes.Target);
      targets.set(String(tag.attributes.Id), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const sheets: SheetRef[] = [];
  let date1904 = false;
  for await (const tag of tags(zip, byName.get('xl/workbook.xml'))) {
    const name = local(tag.name);
    if (name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904));
    if (name === 'sheet') {
      const rid = Object.entries(tag.attributes).find(([key]) => local(key) === 'id')?.[1];
      const path = targets.get(String(rid));
      if (path && byName.has(path)) {
        sheets.push({
          name: String(tag.attributes.name),
          hidden: tag.attributes.state !== undefined && tag.attributes.state !== 'visible',
          path,
        });
      }
    }
  }
  return { sheets, date1904 };
}

// Built-in number formats that show dates (ECMA-376 18.8.30), and the Thai/Asian ones.
const builtinDateFormats = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79,
  80, 81,
]);

/** A format code shows a date when, outside quotes and [..] sections, it has d, m or y. */
function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dy]/i.test(bare) || /m/i.test(bare.replace(/[hs]+:?m+|m+:?s/gi, ''));
}

/** Which cell styles (the s attribute) show a date. */
async function dateStyles(zip: Buffer, entry: ZipEntry | undefined): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  if (!entry) return styles;
  for await (const batch of xmlEvents(zip, entry)) {
    for (const e of batch) {
      if ('close' in e && local(e.close) === 'cellXfs') inCellXfs = false;
      if (!('open' in e)) continue;
      const name = local(e.open.name);
      if (name === 'numFmt') custom.set(Number(e.open.attributes.numFmtId), String(e.open.attributes.formatCode));
      if (name === 'cellXfs') inCellXfs = true;
      if (name === 'xf' && inCellXfs) {
        const id = Number(e.open.attributes.numFmtId ?? 0);
        styles.push(custom.has(id) ? isDateFormat(custom.get(id)!) : builtinDateFormats.has(id));
      }
    }
  }
  return styles;
}

/** The shared strings, rich text runs joined, phonetic runs left out. */
async function sharedStrings(zip: Buffer, entry: ZipEntry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  for await (const batch of xmlEvents(zip, entry)) {
    for (const e of batch) {
      if ('open' in e) {
        const name = local(e.open.name);
        if (name === 'si') current = [];
        else if (name === 'rPh') inPhonetic = true;
        else if (name === 't' && !inPhonetic) inText = true;
      } else if ('close' in e) {
        const name = local(e.close);
        if (name === 'si') {
          strings.push(unescapeExcel((current ?? []).join('')));
          current = null;
        } else if (name === 'rPh') inPhonetic = false;
        else if (name === 't') inText = false;
      } else if (inText && current) current.push(e.text);
    }
  }
  return strings;
}

function columnIndex(ref: string | undefined, fallback: number): number {
  if (!ref) return fallback;
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n ? n - 1 : fallback;
}

/** Days since 1899-12-30 (or 1904-01-01) as a UTC midnight, the calendar day the cell shows. */
function fromSerial(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

/**
 * Every row of every sheet of a workbook, in workbook order (`firstSheet` first), one at a time: only the shared
 * strings and one batch of XML events are held. Formulas give their cached value; a formula
 * saved without one, and an error value, come back as an XlsxCellProblem.
 */
export async function* xlsxRows(content: Buffer, firstSheet?: string): AsyncGenerator<XlsxRow> {
  const entries = zipEntries(content, {
    maxEntries: Number.MAX_SAFE_INTEGER,
    maxUnzippedBytes: Number.MAX_SAFE_INTEGER,
  });
  const byName = new Map(entries.map((entry) => [entry.name.replace(/\\/g, '/'), entry]));
  const { sheets, date1904 } = await workbookSheets(content, byName);
  const isDate = await dateStyles(content, byName.get('xl/styles.xml'));
  const strings = await sharedStrings(content, byName.get('xl/sharedStrings.xml'));

  // The sheet asked for first (the agreements, so milestones can name them), then the others in order.
  const ordered = [...sheets.filter((s) => s.name === firstSheet), ...sheets.filter((s) => s.name !== firstSheet)];
  for (const sheet of ordered) {
    let row: unknown[] = [];
    let rowNumber = 0;
    let cell: {
      col: number;
      type: string;
      style: number;
      value: string;
      formula: string | null;
      inline: string;
    } | null = null;
    let text: 'v' | 'f' | 't' | null = null;
    for await (const batch of xmlEvents(content, byName.get(sheet.path)!)) {
      const done: XlsxRow[] = [];
      for (const e of batch) {
        if ('open' in e) {
          const name = local(e.open.name);
          const a = e.open.attributes;
          if (name === 'row') {
            rowNumber = a.r ? Number(a.r) : rowNumber + 1;
            row = [];
          } else if (name === 'c') {
            cell = {
              col: columnIndex(a.r as string | undefined, row.length),
              type: String(a.t ?? 'n'),
              style: Number(a.s ?? 0),
              value: '',
              formula: null,
              inline: '',
            };
          } else if (cell && (name === 'v' || name === 'f' || name === 't')) {
            text = name;
            if (name === 'f') cell.formula ??= '';
          }
        } else if ('close' in e) {
          const name = local(e.close);
          if (name === 'v' || name === 'f' || name === 't') text = null;
          else if (name === 'c' && cell) {
            row[cell.col] = cellValue(cell, strings, isDate, date1904);
            cell = null;
          } else if (name === 'row') done.push({ sheet: sheet.name, hidden: sheet.hidden, rowNumber, values: row });
        } else if (cell && text) {
          if (text === 'v') cell.value += e.text;
          else if (text === 'f') cell.formula += e.text;
          else cell.inline += e.text;
        }
      }
      yield* done;
    }
  }
}

function cellValue(
  cell: { type: string; style: number; value: string; formula: string | null; inline: string },
  strings: string[],
  isDate: boolean[],
  date1904: boolean,
): unknown {
  if (cell.type === 'inlineStr') return unescapeExcel(cell.inline);
  if (cell.value === '') {
    // A shared formula's other cells carry an empty <f>; either way there is no saved value.
    return cell.formula !== null ? ({ formula: cell.formula || '(shared formula)' } satisfies XlsxCellProblem) : null;
  }
  switch (cell.type) {
    case 's':
      return strings[Number(cell.value)] ?? null;
    case 'str':
      return unescapeExcel(cell.value);
    case 'b':
      return cell.value === '1';
    case 'e':
      return { error: cell.value } satisfies XlsxCellProblem;
    case 'd':
      return new Date(`${cell.value.slice(0, 10)}T00:00:00Z`);
    default: {
      const n = Number(cell.value);
      return isDate[cell.style] && Number.isFinite(n) ? fromSerial(n, date1904) : n;
    }
  }
}
