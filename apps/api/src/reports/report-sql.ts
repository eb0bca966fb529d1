import { formatEnglishDate, formatThaiDate } from '@mou/reminders';
import type { CellKind, ReportSettings } from './report-source.js';

/**
 * Every cell is formatted by PostgreSQL, in the same statement that reads it: for CSV the
 * server then writes the file itself (COPY), and Node only passes bytes along, which is
 * what makes a million rows a matter of seconds. The PDF and XLSX writers get the same text.
 */

// The month names of the shared date formatters (libs/reminders), as SQL arrays.
const monthNames = (format: (date: string) => string) =>
  Array.from({ length: 12 }, (_, i) => format(`2000-${String(i + 1).padStart(2, '0')}-01`).split(' ')[1]);
const sqlArray = (items: string[]) => `ARRAY[${items.map((item) => `'${item}'`).join(', ')}]`;
const months = { th: sqlArray(monthNames(formatThaiDate)), en: sqlArray(monthNames(formatEnglishDate)) };
const booleans = { en: ["'yes'", "'no'"], th: ["'ใช่'", "'ไม่ใช่'"] };

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or CR; full-width forms too)
 * as a formula. CSV has no cell types, so such text gets a leading apostrophe, which Excel
 * and LibreOffice show as text. XLSX cells are typed strings and are left as they are.
 * Tested on the first character's code point: a regular expression here cost a third of
 * a million-row export (PostgreSQL converts the whole string before matching).
 */
export const formulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const formulaCodePoints = formulaStarts.map((c) => c.codePointAt(0)).join(', ');

export type Calendar = Pick<ReportSettings, 'calendar' | 'locale'>;

/**
 * One calendar date as text. gregorian: 2017-05-30. buddhist: 30 พฤษภาคม 2560 (th) or
 * 30 May 2560 BE (en): the month is written out, so a BE year is never taken for ISO.
 */
export function dateSql(date: string, { calendar, locale }: Calendar): string {
  // The report's transaction sets DateStyle ISO: date_out writes YYYY-MM-DD, at half to_char's cost.
  if (calendar === 'gregorian') return `(${date})::text`;
  const year = `(extract(year FROM ${date})::int + 543)::text`;
  return `(to_char(${date}, 'FMDD') || ' ' || (${months[locale]})[extract(month FROM ${date})::int] || ' ' || ${year}${
    locale === 'en' ? " || ' BE'" : ''
  })`;
}

/**
 * An instant as the office's wall-clock time (the statement runs with TimeZone set to the
 * office zone). gregorian: 2017-05-30T09:00:00.000+07:00 (to the millisecond, as the API
 * writes it); buddhist: 30 พฤษภาคม 2560 09:00:00.
 */
export function instantSql(instant: string, settings: Calendar): string {
  if (settings.calendar === 'gregorian') return `to_char(${instant}, 'YYYY-MM-DD"T"HH24:MI:SS.MSTZH:TZM')`;
  return `(${dateSql(`(${instant})::date`, settings)} || ' ' || to_char(${instant}, 'HH24:MI:SS'))`;
}

/** One cell of a report row as text, as `kind` is written; `csv` neutralises formulas. */
export function cellSql(value: string, kind: CellKind, settings: Calendar, csv: boolean): string {
  switch (kind) {
    case 'date':
      return dateSql(value, settings);
    case 'instant':
      return instantSql(value, settings);
    case 'number':
      return `${value}::text`;
    case 'boolean': {
      const [yes, no] = booleans[settings.locale];
      return `CASE WHEN ${value} THEN ${yes} WHEN NOT ${value} THEN ${no} END`;
    }
    default:
      return csv
        ? `CASE WHEN ascii(${value}::text) IN (${formulaCodePoints}) THEN '''' || ${value}::text ELSE ${value}::text END`
        : `${value}::text`;
  }
}
