import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import { copyTextRows } from './copy-text.js';
import type { ExportHooks } from './csv.writer.js';
import type { ReportSettings, ReportSource } from './report-source.js';
import {
  columnLetters,
  contentTypesXml,
  corePropertiesXml,
  packageRelsXml,
  SHEET_END,
  sheetStartXml,
  stylesXml,
  workbookRelsXml,
  workbookXml,
  xmlText,
} from './xlsx.parts.js';

/** Rows a worksheet holds below its heading row (Excel's limit is 1,048,576 rows). */
const SHEET_ROWS = 1_048_575;

/** A text cell: inline, never a formula, spaces at either end kept. */
function textCell(ref: string, value: string): string {
  const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
}

/**
 * XLSX written as it streams: each batch of COPY rows becomes worksheet XML at once, and
 * archiver deflates it into the response, with back-pressure all the way from the
 * response to reading COPY, so memory stays flat. Every value is a typed cell (inline text
 * or a number), never a formula, whatever it starts with. Dates are text in the calendar
 * asked for, as in CSV. Past Excel's row limit the rows go on in another worksheet.
 *
 * The worksheet XML is written here rather than by exceljs: its object model (a Row and
 * Cells per row, then an XML stream per row) took four fifths of the CPU of an export
 * and kept XLSX under a quarter of the CSV rate. The package parts are in xlsx.parts.ts.
 */
export async function writeXlsx(
  copy: Readable,
  source: ReportSource,
  settings: ReportSettings,
  output: Writable,
  hooks: ExportHooks,
  now: Date,
  /** Rows a worksheet takes before the next begins; Excel's limit unless a test says less. */
  sheetRows = SHEET_ROWS,
): Promise<void> {
  const { columns } = source;
  const letters = columns.map((_, i) => columnLetters(i));
  const numeric = columns.map((column) => column.kind === 'number');
  const widths = columns.map((column) => (column.kind === 'text' ? 28 : 16));
  const heading = `<row r="1">${columns.map((c, i) => textCell(`${letters[i]}1`, c.heading[settings.locale])).join('')}</row>`;

  // Deflate is most of the cost of a workbook; level 1 keeps most of the size gain.
  const zip = archiver('zip', { zlib: { level: 1 } });
  const failure = new Promise<never>((_, reject) => zip.on('error', reject));
  failure.catch(() => undefined);
  zip.pipe(output);

  const names: string[] = [];
  const openSheet = (): PassThrough => {
    const n = names.length + 1;
    names.push(n === 1 ? source.name : `${source.name} (${n})`);
    const part = new PassThrough();
    zip.append(part, { name: `xl/worksheets/sheet${n}.xml` });
    part.write(sheetStartXml(widths) + heading);
    return part;
  };

  let rowCount = 0;
  try {
    let sheet = openSheet();
    let inSheet = 0;
    for await (const batch of copyTextRows(copy)) {
      let xml = '';
      for (const row of batch) {
        if (inSheet === sheetRows) {
          sheet.end(xml + SHEET_END);
          xml = '';
          sheet = openSheet();
          inSheet = 0;
        }
        const r = ++inSheet + 1;
        xml += `<row r="${r}">`;
        for (let i = 0; i < row.length; i++) {
          const cell = row[i];
          if (cell === null) continue;
          xml +=
            numeric[i] && cell !== '' && Number.isFinite(Number(cell))
              ? `<c r="${letters[i]}${r}"><v>${cell}</v></c>`
              : textCell(`${letters[i]}${r}`, cell);
        }
        xml += '</row>';
        rowCount++;
      }
      if (output.destroyed) throw new Error('the client closed the connection');
      if (!sheet.write(xml)) await Promise.race([once(sheet, 'drain'), failure]);
    }
    await hooks.finished(rowCount);
    sheet.end(SHEET_END);
    zip.append(workbookXml(names), { name: 'xl/workbook.xml' });
    zip.append(workbookRelsXml(names.length), { name: 'xl/_rels/workbook.xml.rels' });
    zip.append(stylesXml(), { name: 'xl/styles.xml' });
    zip.append(corePropertiesXml('MOU Tracker', now), { name: 'docProps/core.xml' });
    zip.append(packageRelsXml(), { name: '_rels/.rels' });
    zip.append(contentTypesXml(names.length), { name: '[Content_Types].xml' });
    await Promise.race([zip.finalize(), failure]);
  } catch (error) {
    zip.abort();
    hooks.failed(rowCount, error);
    throw error;
  }
}
