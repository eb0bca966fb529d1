import type { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { copyTextRows } from './copy-text.js';
import type { ExportHooks } from './csv.writer.js';
import type { ReportSettings, ReportSource } from './report-source.js';

/** Rows a worksheet holds below its heading row (Excel's limit is 1,048,576 rows). */
const SHEET_ROWS = 1_048_575;

/** Uncompressed bytes a worksheet may hold ahead of the zip before reading pauses. */
const MAX_BACKLOG = 8 * 2 ** 20;

interface SheetStream {
  buffers?: Array<{ length: number }>;
  // archiver wraps it in a readable-stream 2 PassThrough: no writableLength, only the states.
  pipes?: Array<{ _writableState?: { length?: number }; _readableState?: { length?: number } }>;
}

/**
 * Bytes exceljs has serialised for a worksheet that deflate has not taken yet. Its sheet
 * buffer writes into the zip without heeding back-pressure, so when deflate is the slower
 * side the backlog grows without bound unless reading waits for it (exceljs internals:
 * read defensively, a changed shape just means no throttling).
 */
function backlog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: SheetStream }).stream;
  let bytes = 0;
  for (const buffer of stream?.buffers ?? []) bytes += buffer.length;
  for (const pipe of stream?.pipes ?? [])
    bytes += (pipe._writableState?.length ?? 0) + (pipe._readableState?.length ?? 0);
  return bytes;
}

function drained(output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done).off('close', done);
      resolve();
    };
    output.on('drain', done).on('close', done);
  });
}

/**
 * XLSX through exceljs' streaming writer: each row is committed (serialised and let go) as
 * it arrives, and reading waits whenever the response is backed up, so memory stays flat.
 * Every value is a typed cell (text or number), never a formula, whatever it starts with.
 * Dates are text in the calendar asked for, as in CSV. Past Excel's row limit the rows go
 * on in another worksheet.
 */
export async function writeXlsx(
  copy: Readable,
  source: ReportSource,
  settings: ReportSettings,
  output: Writable,
  hooks: ExportHooks,
  now: Date,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false, // styles cost more than half the time of every row; the heading row stays plain
    useSharedStrings: false, // a shared-string table would grow with every distinct value
    zip: { zlib: { level: 1 } }, // deflate is most of the cost; level 1 keeps most of the gain
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  workbook.creator = 'MOU Tracker';
  workbook.created = now;
  const { columns } = source;
  const numeric = columns.map((column) => column.kind === 'number');
  const addSheet = (n: number) => {
    const sheet = workbook.addWorksheet(n === 1 ? source.name : `${source.name} (${n})`, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = columns.map((column) => ({ width: column.kind === 'text' ? 28 : 16 }));
    sheet.addRow(columns.map((column) => column.heading[settings.locale])).commit();
    return sheet;
  };

  let rowCount = 0;
  try {
    let sheets = 1;
    let sheet = addSheet(sheets);
    let inSheet = 0;
    for await (const batch of copyTextRows(copy)) {
      for (const row of batch) {
        if (inSheet === SHEET_ROWS) {
          sheet.commit();
          sheet = addSheet(++sheets);
          inSheet = 0;
        }
        const values: ExcelJS.CellValue[] = row.map((cell, i) => (numeric[i] && cell !== null ? Number(cell) : cell));
        sheet.addRow(values).commit();
        inSheet++;
        rowCount++;
      }
      if (output.destroyed) throw new Error('the client closed the connection');
      if (output.writableNeedDrain) await drained(output);
      while (backlog(sheet) > MAX_BACKLOG && !output.destroyed) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await hooks.finished(rowCount);
    sheet.commit();
    await workbook.commit();
  } catch (error) {
    hooks.failed(rowCount, error);
    throw error;
  }
}
