// Self-contained (no imports) so the unit test under test/web can load it as is.
export type Locale = 'th' | 'en';
export type CalendarKind = 'buddhist' | 'gregorian';

/**
 * Calendar dates (YYYY-MM-DD, no zone) for people: Thai month names with the Buddhist
 * Era (4 มิ.ย. 2565) or English with CE (4 Jun 2022), and either calendar in either
 * language. Dates are read and written at UTC midnight so no zone can shift the day.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, calendar: CalendarKind): Intl.DateTimeFormat {
  const tag = `${locale === 'th' ? 'th-TH' : 'en-GB'}-u-ca-${calendar === 'buddhist' ? 'buddhist' : 'gregory'}-nu-latn`;
  let found = formatters.get(tag);
  if (!found) {
    found = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    formatters.set(tag, found);
  }
  return found;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatDate(iso: string | null | undefined, locale: Locale, calendar: CalendarKind): string {
  const match = iso ? isoDate.exec(iso) : null;
  if (!match) return iso ?? '';
  const [, y, m, d] = match;
  return formatter(locale, calendar).format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))));
}

/** Years in the Buddhist Era are 543 ahead of CE (the modern, 1 January new year). */
export const buddhistOffset = 543;

/** `2022-06-04` → `04/06/2565` (buddhist) or `04/06/2022`: what a date input shows. */
export function toInputText(iso: string | null | undefined, calendar: CalendarKind): string {
  const match = iso ? isoDate.exec(iso) : null;
  if (!match) return '';
  const [, y, m, d] = match;
  const year = Number(y) + (calendar === 'buddhist' ? buddhistOffset : 0);
  return `${d}/${m}/${year}`;
}

/**
 * `4/6/2565` (buddhist) or `4/6/2022` → `2022-06-04`; null when it is no real date.
 * Separators may be / . or -; day and month may have one digit.
 */
export function parseInputText(text: string, calendar: CalendarKind): string | null {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = Number(match[3]) - (calendar === 'buddhist' ? buddhistOffset : 0);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
