import PDFDocument from 'pdfkit';
import type { ReportSettings, ReportSource } from './report-source.js';
import { reportFonts, wrapText } from './pdf-text.js';

/** A PDF is for reading and filing: past this many rows, csv or xlsx is the right tool. */
export const PDF_ROW_LIMIT = 5000;

const labels = {
  en: {
    filters: 'Filters',
    none: 'none',
    generated: 'Generated',
    rows: 'Rows',
    page: (n: number, of: number) => `page ${n} of ${of}`,
  },
  th: {
    filters: 'เงื่อนไข',
    none: 'ไม่มี',
    generated: 'จัดทำเมื่อ',
    rows: 'จำนวนรายการ',
    page: (n: number, of: number) => `หน้า ${n} จาก ${of}`,
  },
};

const FONT_SIZE = 7.5;
// Thai stacks vowels and tone marks above and below the line: give them room.
const LINE_HEIGHT = FONT_SIZE * 1.55;
const PAD = 3;

/**
 * A4 landscape: title, filters, generation time (office zone), then the table with its
 * heading row repeated on every page, and "page N of M" at the foot of each page (pages
 * are buffered until the count is known).
 */
export async function renderPdf(
  rows: Array<Array<string | null>>,
  source: ReportSource,
  settings: ReportSettings,
  generated: { at: Date; text: string },
): Promise<Buffer> {
  const text = labels[settings.locale];
  const title = source.title[settings.locale];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 32, bottom: 36, left: 28, right: 28 },
    bufferPages: true,
    info: { Title: title, Creator: 'MOU Tracker', Producer: 'MOU Tracker', CreationDate: generated.at },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = reportFonts();
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widthCache = new Map<string, number>();
  const measure = (font: string) => (piece: string) => {
    const key = `${font}\u0000${piece}`;
    let w = widthCache.get(key);
    if (w === undefined) widthCache.set(key, (w = doc.widthOfString(piece)));
    return w;
  };
  /**
   * One line of text, tagged with its own characters as ActualText: the glyph of sara aa
   * also stands in sara am (ำ), and a PDF maps each glyph to one text, so without it copy,
   * search and pdftotext lose or double Thai vowels.
   */
  const write = (line: string, x: number, y: number) => {
    doc.markContent('Span', { actual: line });
    doc.text(line, x, y, { lineBreak: false });
    doc.endMarkedContent();
  };
  let y = doc.page.margins.top;
  const paragraph = (value: string, font: 'regular' | 'bold', size: number) => {
    doc.font(font).fontSize(size);
    for (const line of wrapText(value, width, measure(`${font}${size}`))) {
      write(line, left, y);
      y += size * 1.5;
    }
  };

  const filters = Object.entries(source.filters)
    .map(([key, value]) => `${key} = ${String(value)}`)
    .join('; ');
  paragraph(title, 'bold', 15);
  paragraph(`${text.filters}: ${filters || text.none}`, 'regular', 9);
  paragraph(`${text.generated}: ${generated.text} (${settings.timeZone})`, 'regular', 9);
  paragraph(`${text.rows}: ${rows.length}`, 'regular', 9);
  y += 6;

  const shown = source.columns.flatMap((column, i) => (column.pdf ? [i] : []));
  const columns = shown.map((i) => source.columns[i]);
  const shares = columns.reduce((sum, column) => sum + column.pdf!, 0);
  const widths = columns.map((column) => (width * column.pdf!) / shares);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const drawRow = (values: string[], heading: boolean) => {
    const font = heading ? 'bold' : 'regular';
    doc.font(font).fontSize(FONT_SIZE);
    const lines = values.map((value, i) => wrapText(value, widths[i] - 2 * PAD, measure(`${font}${FONT_SIZE}`)));
    const height = Math.max(...lines.map((l) => l.length)) * LINE_HEIGHT + 2 * PAD;
    if (!heading && y + height > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      drawRow(headings, true);
      doc.font(font).fontSize(FONT_SIZE);
    }
    if (heading) doc.rect(left, y, width, height).fill('#e8edf3').fillColor('black');
    let x = left;
    lines.forEach((cellLines, i) => {
      cellLines.forEach((line, n) => write(line, x + PAD, y + PAD + n * LINE_HEIGHT));
      x += widths[i];
    });
    y += height;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.4)
      .stroke(heading ? '#556677' : '#c8ced6');
  };

  const headings = columns.map((column) => column.heading[settings.locale]);
  drawRow(headings, true);
  for (const [n, row] of rows.entries()) {
    drawRow(
      shown.map((i) => row[i] ?? ''),
      false,
    );
    // Layout is CPU work on the API's only thread: let other requests through now and then.
    if (n % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }

  const pages = doc.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = text.page(i - pages.start + 1, pages.count);
    doc.font('regular').fontSize(8);
    write(footer, left + (width - doc.widthOfString(footer)) / 2, doc.page.height - 24);
    write(title, left, doc.page.height - 24);
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
