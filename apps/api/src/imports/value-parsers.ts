import countries from 'i18n-iso-countries';
import {
  type AgreementKind,
  type AgreementStatus,
  type CalendarDate,
  isCalendarDate,
  type MilestoneStatus,
  organizations,
  type RenewalMode,
} from '@mou/domain';
import { foldForSearch } from '../countries/countries.query.js';
import type { ProblemCode } from './import-messages.js';

/** A value read from a cell, or what is wrong with it. */
export type Parsed<T> = { value: T } | { problem: ProblemCode; params?: Record<string, string | number> };

export const ok = <T>(value: T): Parsed<T> => ({ value });
const bad = (problem: ProblemCode, params?: Record<string, string | number>): Parsed<never> => ({ problem, params });

/** Text as a cell shows it, for messages: dates as YYYY-MM-DD, numbers as written. */
export function shown(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

const thaiMonths = [
  ['มกราคม', 'ม.ค.'],
  ['กุมภาพันธ์', 'ก.พ.'],
  ['มีนาคม', 'มี.ค.'],
  ['เมษายน', 'เม.ย.'],
  ['พฤษภาคม', 'พ.ค.'],
  ['มิถุนายน', 'มิ.ย.'],
  ['กรกฎาคม', 'ก.ค.'],
  ['สิงหาคม', 'ส.ค.'],
  ['กันยายน', 'ก.ย.'],
  ['ตุลาคม', 'ต.ค.'],
  ['พฤศจิกายน', 'พ.ย.'],
  ['ธันวาคม', 'ธ.ค.'],
];
const englishMonths = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month number (1–12) of a Thai or English month name or abbreviation, or 0. */
function monthOf(word: string): number {
  const w = word.replace(/\s+/g, '').toLocaleLowerCase('en');
  const thai = thaiMonths.findIndex(([full, short]) => w === full || w === short || w === short.replace(/\./g, ''));
  if (thai >= 0) return thai + 1;
  if (!/^[a-z]{3,9}\.?$/.test(w)) return 0;
  return englishMonths.findIndex((m) => w.startsWith(m)) + 1;
}

// Thai digits (๐–๙) appear in formal documents.
const thaiDigits = (text: string) => text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));

/** A year as offices write it: above 2400 it is Buddhist Era (CE + 543). */
function ceYear(year: number): number {
  return year > 2400 ? year - 543 : year;
}

function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  const text = `${String(ceYear(year)).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(text) && ceYear(year) >= 1900 && ceYear(year) <= 2200 ? text : null;
}

/** Days from 1899-12-30 (Excel's day 0, its 1900 leap-year bug included) to a date. */
function fromExcelSerial(serial: number): CalendarDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 109_574 || Math.floor(serial) !== serial) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A calendar date from a cell: a date cell, an Excel serial number, YYYY-MM-DD,
 * DD/MM/YYYY (also with - or .), "5 มิถุนายน 2560", "5 มิ.ย. 2560", "5 June 2017" or
 * "June 5, 2017". A year above 2400 is Buddhist Era. Anything else, or a date that does
 * not exist (31/02/2560), is a problem.
 */
export function parseDate(cell: unknown): Parsed<CalendarDate> {
  if (cell instanceof Date) {
    // exceljs hands date cells back as UTC midnights of the calendar day.
    const text = cell.toISOString().slice(0, 10);
    return isCalendarDate(text) ? ok(text) : bad('notADate', { value: shown(cell) });
  }
  if (typeof cell === 'number') {
    const date = fromExcelSerial(cell);
    return date ? ok(date) : bad('notADate', { value: shown(cell) });
  }
  const text = thaiDigits(String(cell))
    .replace(/^(วันที่|ณ วันที่)\s*/u, '')
    .replace(/(พ\.ศ\.|ค\.ศ\.)\s*/gu, '')
    .trim();
  let date: CalendarDate | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) date = calendarDate(+m[1], +m[2], +m[3]);
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) date = calendarDate(+m[3], +m[2], +m[1]);
  else if ((m = /^(\d{1,2})\s*([^\d\s,]+(?:\s*\.)?)\s*,?\s*(\d{4})$/u.exec(text))) {
    const month = monthOf(m[2]);
    date = month ? calendarDate(+m[3], month, +m[1]) : null;
  } else if ((m = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(text))) {
    const month = monthOf(m[1]);
    date = month ? calendarDate(+m[3], month, +m[2]) : null;
  } else if (/^\d{5}$/.test(text)) date = fromExcelSerial(+text);
  return date ? ok(date) : bad('notADate', { value: shown(cell) });
}

export function parseInteger(cell: unknown, min: number, max: number): Parsed<number> {
  const n = typeof cell === 'number' ? cell : Number(thaiDigits(String(cell)).replace(/,/g, '').trim());
  if (!Number.isInteger(n) || n < min || n > max) return bad('notAnInteger', { value: shown(cell), min, max });
  return ok(n);
}

export function parseNumber(cell: unknown): Parsed<number> {
  const n = typeof cell === 'number' ? cell : Number(thaiDigits(String(cell)).replace(/,/g, '').trim());
  return Number.isFinite(n) ? ok(n) : bad('notANumber', { value: shown(cell) });
}

/** A term in months: 60, "60 months", "5 years", "60 เดือน", "5 ปี". */
export function parseTerm(cell: unknown): Parsed<number> {
  if (typeof cell === 'number') return parseInteger(cell, 1, 1200);
  const text = thaiDigits(String(cell)).trim().toLocaleLowerCase('en');
  const m = /^(\d+)\s*(months?|เดือน|years?|ปี)?$/u.exec(text);
  if (!m) return bad('notATerm', { value: text });
  const months = /year|ปี/u.test(m[2] ?? '') ? +m[1] * 12 : +m[1];
  return months >= 1 && months <= 1200 ? ok(months) : bad('notATerm', { value: text });
}

const truthy = ['yes', 'y', 'true', '1', 'x', 'ใช่', 'มี', 'ผูกพัน'];
const falsy = ['no', 'n', 'false', '0', 'ไม่ใช่', 'ไม่มี', 'ไม่ผูกพัน', '-'];
export function parseBoolean(cell: unknown): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = String(cell).trim().toLocaleLowerCase('en');
  if (truthy.includes(text)) return ok(true);
  if (falsy.includes(text)) return ok(false);
  return bad('notABoolean', { value: String(cell) });
}

/** Words for each value of a vocabulary, in English and Thai; the value itself always counts. */
export const kindWords: Record<AgreementKind, string[]> = {
  mou: ['memorandum of understanding', 'บันทึกความเข้าใจ', 'mou'],
  moc: ['memorandum of cooperation', 'บันทึกความร่วมมือ', 'moc'],
  agreement: ['ความตกลง', 'ข้อตกลง', 'agr'],
  'letter-of-intent': ['letter of intent', 'loi', 'หนังสือแสดงเจตจำนง'],
  'exchange-of-notes': ['exchange of notes', 'หนังสือแลกเปลี่ยน', 'การแลกเปลี่ยนหนังสือ', 'eon'],
  protocol: ['พิธีสาร', 'prt'],
  amendment: ['ความตกลงแก้ไข', 'การแก้ไข', 'amd'],
  other: ['อื่น ๆ', 'อื่นๆ', 'oth'],
};

export const agreementStatusWords: Record<AgreementStatus, string[]> = {
  draft: ['ร่าง', 'ฉบับร่าง'],
  negotiating: ['อยู่ระหว่างเจรจา', 'เจรจา', 'under negotiation'],
  'awaiting-approval': ['awaiting approval', 'รออนุมัติ', 'รอ ครม. อนุมัติ', 'เสนอ ครม.'],
  approved: ['อนุมัติแล้ว', 'ครม. อนุมัติแล้ว', 'ครม.อนุมัติแล้ว'],
  signed: ['ลงนามแล้ว'],
  'in-force': ['in force', 'active', 'มีผลใช้บังคับ', 'มีผลบังคับใช้', 'มีผลใช้บังคับแล้ว'],
  expired: ['หมดอายุ', 'สิ้นสุดแล้ว'],
  terminated: ['ยกเลิก', 'บอกเลิก', 'ยุติ'],
  superseded: ['ถูกแทนที่', 'มีฉบับใหม่แทน'],
};

export const milestoneStatusWords: Record<MilestoneStatus, string[]> = {
  planned: ['วางแผน', 'ยังไม่เริ่ม', 'not started', 'pending'],
  'in-progress': ['in progress', 'ongoing', 'กำลังดำเนินการ', 'อยู่ระหว่างดำเนินการ'],
  done: ['completed', 'complete', 'finished', 'เสร็จสิ้น', 'แล้วเสร็จ', 'ดำเนินการแล้วเสร็จ'],
  cancelled: ['canceled', 'ยกเลิก'],
};

export const renewalWords: Record<RenewalMode, string[]> = {
  none: ['no', 'no renewal', 'ไม่ต่ออายุ', 'ไม่มี'],
  automatic: ['auto', 'tacit', 'automatically', 'อัตโนมัติ', 'ต่ออายุอัตโนมัติ'],
  'by-consent': [
    'by consent',
    'mutual consent',
    'by mutual consent',
    'โดยความยินยอม',
    'ต่ออายุโดยความยินยอม',
    'โดยความยินยอมร่วมกัน',
  ],
};

const foldWord = (text: string) =>
  foldForSearch(text)
    .replace(/[\s_]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();

/** A value of a vocabulary from the value itself (with spaces for hyphens) or one of its words. */
export function vocabularyParser<T extends string>(words: Record<T, string[]>, problem: ProblemCode) {
  const lookup = new Map<string, T>();
  for (const [value, synonyms] of Object.entries(words) as Array<[T, string[]]>) {
    for (const word of [value, value.replace(/-/g, ' '), ...synonyms]) lookup.set(foldWord(word), value);
  }
  const allowed = Object.keys(words).join(', ');
  return (cell: unknown): Parsed<T> => {
    const found = lookup.get(foldWord(String(cell)));
    return found ? ok(found) : bad(problem, { value: String(cell), allowed });
  };
}

/** Several values in one cell: split on ";" or new lines, blanks dropped. */
export function splitList(cell: unknown): string[] {
  return String(cell)
    .split(/[;\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

// The English and Thai names are registered by @mou/domain's party codes, loaded above.
/** Every name a party goes by (ISO code, English and Thai names and aliases, organisation codes) → its code. */
const partyNames = (() => {
  const names = new Map<string, string>();
  for (const lang of ['en', 'th']) {
    for (const [code, list] of Object.entries(
      countries.getNames(lang, { select: 'all' }) as Record<string, string[]>,
    )) {
      for (const name of list) names.set(foldWord(name), code);
    }
  }
  for (const code of Object.keys(countries.getAlpha2Codes())) names.set(foldWord(code), code);
  for (const o of organizations) for (const name of [o.code, o.nameEn, o.nameTh]) names.set(foldWord(name), o.code);
  return names;
})();

export function partyCodeOf(name: string): string | null {
  return partyNames.get(foldWord(name)) ?? null;
}

export function partyName(code: string): string {
  return organizations.find((o) => o.code === code)?.nameEn ?? countries.getName(code, 'en') ?? code;
}

export interface ImportedParty {
  country: string;
  organization: string;
}

/**
 * One party per item: "JP", "Japan", "ญี่ปุ่น", "Japan: Ministry of Internal Affairs and
 * Communications", "ญี่ปุ่น - กระทรวง…", or "Ministry … (Japan)". Without an organisation the
 * party is the country's (or organisation's) own name.
 */
export function parseParty(item: string): Parsed<ImportedParty> {
  const whole = partyCodeOf(item);
  if (whole) return ok({ country: whole, organization: partyName(whole) });
  const split = /^(.+?)\s*(?::|\||\s-\s|\s–\s)\s*(.+)$/u.exec(item);
  if (split) {
    const code = partyCodeOf(split[1]);
    if (code) return ok({ country: code, organization: split[2].trim().slice(0, 300) });
  }
  const trailing = /^(.+?)\s*\(([^()]+)\)$/u.exec(item);
  if (trailing) {
    const code = partyCodeOf(trailing[2]);
    if (code) return ok({ country: code, organization: trailing[1].trim().slice(0, 300) });
  }
  return bad('unknownParty', { value: item });
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function parseEmail(item: string): Parsed<string> {
  return emailPattern.test(item) ? ok(item.toLowerCase()) : bad('notAnEmail', { value: item });
}

export function parseUrl(item: string): Parsed<string> {
  try {
    const url = new URL(item);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(item);
  } catch {
    // reported below
  }
  return bad('notAUrl', { value: item });
}

/** Cooperation areas by code or either label, from the table as it stands. */
export function areaParser(areas: ReadonlyArray<{ code: string; label_en: string; label_th: string }>) {
  const lookup = new Map<string, string>();
  for (const area of areas)
    for (const name of [area.code, area.label_en, area.label_th]) lookup.set(foldWord(name), area.code);
  return (item: string): Parsed<string> => {
    const code = lookup.get(foldWord(item));
    return code ? ok(code) : bad('unknownArea', { value: item });
  };
}
