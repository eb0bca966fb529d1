import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import type { ReportColumn, ReportSettings, ReportSource } from './report-source.js';
import { writeXlsx } from './xlsx.writer.js';

const columns: ReportColumn[] = [
  { field: 'title', heading: { en: 'Title', th: 'ชื่อ' }, kind: 'text' },
  { field: 'term_months', heading: { en: 'Term (months)', th: 'ระยะเวลา (เดือน)' }, kind: 'number' },
  { field: 'note', heading: { en: 'Note', th: 'หมายเหตุ' }, kind: 'text' },
];
const source = { name: 'agreements', title: { en: 'Register', th: 'ทะเบียน' }, columns } as unknown as ReportSource;
const settings: ReportSettings = { format: 'xlsx', calendar: 'gregorian', locale: 'en', timeZone: 'Asia/Bangkok' };

/** Writes COPY text rows as a workbook, `sheetRows` to a sheet, and reads it back with exceljs. */
async function roundTrip(copyText: string, sheetRows?: number) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished: number[] = [];
  const hooks = { finished: async (n: number) => void finished.push(n), failed: () => undefined };
  await writeXlsx(Readable.from([Buffer.from(copyText)]), source, settings, output, hooks, new Date(), sheetRows);
  await new Promise((resolve) => output.end(resolve));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return { workbook, finished };
}

const values = (sheet: ExcelJS.Worksheet) =>
  sheet
    .getSheetValues()
    .slice(1)
    .map((row) => (row as unknown[]).slice(1));

describe('writeXlsx', () => {
  it('writes typed cells: text never a formula, numbers as numbers, nulls empty, Thai intact', async () => {
    const text = ['=HYPERLINK("x")\t60\t  spaced  ', 'บันทึกความเข้าใจ\t\\N\tbell\x07 & <tag>', ''].join('\n');
    const { workbook, finished } = await roundTrip(text);
    const sheet = workbook.getWorksheet('agreements')!;
    expect(values(sheet)).toEqual([
      ['Title', 'Term (months)', 'Note'],
      ['=HYPERLINK("x")', 60, '  spaced  '],
      ['บันทึกความเข้าใจ', undefined, 'bell & <tag>'],
    ]);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(finished).toEqual([2]);
  });

  it('goes on in another worksheet, with its own heading row, past the rows a sheet may hold', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `row ${i + 1}\t${i + 1}\t\\N`);
    const { workbook, finished } = await roundTrip(`${rows.join('\n')}\n`, 2);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['agreements', 'agreements (2)', 'agreements (3)']);
    expect(workbook.worksheets.map((sheet) => values(sheet).map((row) => row[0]))).toEqual([
      ['Title', 'row 1', 'row 2'],
      ['Title', 'row 3', 'row 4'],
      ['Title', 'row 5'],
    ]);
    expect(finished).toEqual([5]);
  });
});
