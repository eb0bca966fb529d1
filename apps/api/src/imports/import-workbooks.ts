import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { agreementKinds, agreementStatuses, milestoneStatuses, partyCodes, renewalModes } from '@mou/domain';
import { agreementFields, milestoneFields } from './import-fields.js';
import type { ImportLocale } from './import-messages.js';
import { type CellValue, isTrouble, readRows, type ReadLimits } from './spreadsheet.reader.js';
import { agreementStatusWords, kindWords, milestoneStatusWords, renewalWords } from './value-parsers.js';

const problemsHeading: Record<ImportLocale, string> = { en: 'Problems', th: 'ปัญหา' };

/**
 * The uploaded file again, every row as it was, with one more column holding its problems
 * (the dry run's, in the requester's language): XLSX by exceljs' streaming writer, CSV as
 * UTF-8 with a BOM so Excel opens Thai correctly. Read and written a row at a time.
 */
export function problemsFile(
  content: Buffer,
  format: 'xlsx' | 'csv',
  limits: ReadLimits,
  problems: Map<string, string>,
  locale: ImportLocale,
  as: 'xlsx' | 'csv',
): Readable {
  const out = new PassThrough();
  const run = async () => {
    const headers = new Map<string, string[]>();
    const iterator = readRows(content, format, limits, (header) => headers.set(header.name, header.headers));
    if (as === 'csv') {
      const csv = stringify({ bom: true });
      csv.pipe(out);
      let headerWritten = false;
      for await (const row of iterator) {
        if (!headerWritten) {
          csv.write([...(headers.get(row.sheet) ?? []), problemsHeading[locale]]);
          headerWritten = true;
        }
        csv.write([...row.cells.map(cellText), problems.get(`${row.sheet}\u0000${row.rowNumber}`) ?? '']);
      }
      csv.end();
      return;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    let sheet: ExcelJS.Worksheet | null = null;
    let name: string | null = null;
    for await (const row of iterator) {
      if (row.sheet !== name) {
        sheet?.commit();
        name = row.sheet;
        sheet = workbook.addWorksheet(name);
        const header = sheet.addRow([...(headers.get(name) ?? []), problemsHeading[locale]]);
        header.font = { bold: true };
        header.commit();
      }
      const cells = row.cells.map((cell) => (isTrouble(cell) ? cellText(cell) : cell));
      const added = sheet!.addRow([...cells, problems.get(`${row.sheet}\u0000${row.rowNumber}`) ?? null]);
      added.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
      added.commit();
    }
    sheet?.commit();
    await workbook.commit();
  };
  run().catch((error) => out.destroy(error as Error));
  return out;
}

function cellText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (isTrouble(cell)) return cell.trouble === 'too-long' ? `(${cell.detail} characters)` : cell.detail;
  return String(cell);
}

const examples: Record<ImportLocale, { agreement: Record<string, unknown>; milestone: Record<string, unknown> }> = {
  en: {
    agreement: {
      reference: 'MOC-2017-0001',
      titleEn: 'Memorandum of Cooperation on ICT and Digital',
      titleTh: 'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล',
      kind: 'moc',
      status: 'in-force',
      parties: 'TH: Ministry of Digital Economy and Society; JP: Ministry of Internal Affairs and Communications',
      leadAgency: 'MDES',
      areas: 'cybersecurity; postal',
      signedOn: '2017-06-05',
      effectiveOn: '2017-06-05',
      termMonths: 60,
      renewal: 'by-consent',
      noticeDays: 90,
    },
    milestone: {
      agreement: 'MOC-2017-0001',
      title: 'Net Pracharat village broadband',
      ownerAgency: 'TOT Public Company Ltd',
      dueOn: '2017-12-31',
      status: 'in-progress',
      targetValue: 24700,
      unit: 'villages',
    },
  },
  th: {
    agreement: {
      reference: 'MOC-2017-0001',
      titleEn: 'Memorandum of Cooperation on ICT and Digital',
      titleTh: 'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล',
      kind: 'บันทึกความร่วมมือ',
      status: 'มีผลใช้บังคับ',
      parties: 'ไทย: กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม; ญี่ปุ่น: กระทรวงกิจการภายในและการสื่อสาร',
      leadAgency: 'MDES',
      areas: 'ความมั่นคงปลอดภัยไซเบอร์; ความร่วมมือด้านไปรษณีย์',
      signedOn: '5 มิถุนายน 2560',
      effectiveOn: '05/06/2560',
      termMonths: '5 ปี',
      renewal: 'โดยความยินยอมร่วมกัน',
      noticeDays: 90,
    },
    milestone: {
      agreement: 'MOC-2017-0001',
      title: 'โครงการเน็ตประชารัฐ',
      ownerAgency: 'บริษัท ทีโอที จำกัด (มหาชน)',
      dueOn: '31/12/2560',
      status: 'กำลังดำเนินการ',
      targetValue: 24700,
      unit: 'หมู่บ้าน',
    },
  },
};

/**
 * The template: an agreements sheet and a milestones sheet, each with its headings in the
 * chosen language and one example row, and a sheet of the values each coded column allows.
 */
export async function templateWorkbook(
  locale: ImportLocale,
  areas: Array<{ code: string; label_en: string; label_th: string }>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const names = locale === 'th' ? ['ความตกลง', 'กิจกรรม', 'ค่าที่ใช้ได้'] : ['Agreements', 'Milestones', 'Allowed values'];
  for (const [name, fields, example] of [
    [names[0], agreementFields, examples[locale].agreement],
    [names[1], milestoneFields, examples[locale].milestone],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(fields.map((f) => f[locale])).font = { bold: true };
    sheet.addRow(fields.map((f) => example[f.key] ?? null));
    sheet.columns.forEach((column) => (column.width = 24));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const allowed = workbook.addWorksheet(names[2]);
  const th = locale === 'th';
  allowed.addRow(th ? ['คอลัมน์', 'ค่า', 'คำที่ใช้ได้'] : ['Column', 'Value', 'Also accepted']).font = { bold: true };
  const heading = (key: string, fields = agreementFields) => fields.find((f) => f.key === key)![locale];
  const vocab = (column: string, values: readonly string[], words: Record<string, string[]>) => {
    for (const value of values) allowed.addRow([column, value, (words[value] ?? []).join('; ')]);
  };
  vocab(heading('kind'), agreementKinds, kindWords);
  vocab(heading('status'), agreementStatuses, agreementStatusWords);
  vocab(heading('renewal'), renewalModes, renewalWords);
  vocab(heading('status', milestoneFields), milestoneStatuses, milestoneStatusWords);
  for (const area of areas) allowed.addRow([heading('areas'), area.code, `${area.label_en}; ${area.label_th}`]);
  for (const party of partyCodes) allowed.addRow([heading('parties'), party.code, `${party.nameEn}; ${party.nameTh}`]);
  allowed.columns.forEach((column) => (column.width = 30));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
