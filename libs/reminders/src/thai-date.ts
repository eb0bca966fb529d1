import { isCalendarDate } from '@mou/domain';
import type { CalendarDate } from '@mou/domain';

// Fixed tables rather than Intl: the output must not depend on the ICU build Node ships with.
const thaiMonths = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];
const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Buddhist Era year, as Thai offices write it: CE + 543. */
export function toBuddhistYear(ceYear: number): number {
  return ceYear + 543;
}

// Split the string itself: a calendar date never passes through Date, so no zone can shift its day.
function parts(date: CalendarDate): { year: number; month: number; day: number } {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${String(date)}`);
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

/** '2017-05-30' → '30 พฤษภาคม 2560' */
export function formatThaiDate(date: CalendarDate): string {
  const { year, month, day } = parts(date);
  return `${day} ${thaiMonths[month - 1]} ${toBuddhistYear(year)}`;
}

/** '2017-05-30' → '30 May 2017' */
export function formatEnglishDate(date: CalendarDate): string {
  const { year, month, day } = parts(date);
  return `${day} ${englishMonths[month - 1]} ${year}`;
}
