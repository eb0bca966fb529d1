import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type Cell = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  hidden?: boolean;
  /** Ranges to merge, e.g. 'B2:B3'. */
  merges?: string[];
  /** Number formats per 1-based column, e.g. { 3: 'dd/mm/yyyy' } for date cells. */
  formats?: Record<number, string>;
}

/** A real .xlsx made by exceljs, as Excel would save it. */
export async function workbook(...sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = wb.addWorksheet(spec.name, { state: spec.hidden ? 'hidden' : 'visible' });
    for (const row of spec.rows) sheet.addRow(row);
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
    for (const [column, format] of Object.entries(spec.formats ?? {})) sheet.getColumn(Number(column)).numFmt = format;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a workbook back: each sheet's rows as plain values (formulas as their results). */
export async function readWorkbook(content: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[sheet.name] = rows;
  });
  return out;
}

/** CSV text in the given encoding, with or without a BOM, CRLF line ends as Excel writes them. */
export function csv(
  rows: string[][],
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-874',
  bom: boolean,
): Buffer {
  const text = rows
    .map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','))
    .join('\r\n');
  const body = iconv.encode(text, encoding, { addBOM: false });
  const marks: Record<string, number[]> = {
    'utf-8': [0xef, 0xbb, 0xbf],
    'utf-16le': [0xff, 0xfe],
    'utf-16be': [0xfe, 0xff],
  };
  return bom && marks[encoding] ? Buffer.concat([Buffer.from(marks[encoding]), body]) : body;
}

/** Headings of the English template's agreements sheet, in its order. */
export const agreementHeadings = [
  'Reference',
  'Title (English)',
  'Title (Thai)',
  'Kind',
  'Status',
  'Parties',
  'Lead agency',
  'Cooperation areas',
  'Signed on',
  'Entry into force',
  'Term (months)',
  'Last day',
  'Renewal',
  'Notice (days)',
];

export const milestoneHeadings = ['Agreement', 'Milestone', 'Owner', 'Due', 'Status', 'Target', 'Unit'];
