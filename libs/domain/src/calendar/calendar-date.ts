import { addDays, addMonths, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';

/** A calendar date as 'YYYY-MM-DD': no time, no zone. */
export type CalendarDate = string;

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True only for a well-formed date that exists (2017-02-30 does not). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = pattern.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The span of dates the register keeps: every date the API accepts and every date it
 * derives (a last day in force, a renewed term) lies in it, so each stays a four-digit
 * YYYY-MM-DD. Early enough for the oldest treaties a ministry still tracks (the 1800s),
 * late enough for any term that can be recorded.
 */
export const earliestDate: CalendarDate = '1800-01-01';
export const latestDate: CalendarDate = '2999-12-31';

/** A real calendar date (isCalendarDate) within earliestDate … latestDate. */
export function isRegisterDate(value: unknown): value is CalendarDate {
  return isCalendarDate(value) && value >= earliestDate && value <= latestDate;
}

// Arithmetic runs on UTC midnights so no server time zone or DST can shift a day.
function toUtc(date: CalendarDate): TZDate {
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year, month - 1, day, 'UTC');
}

function fromUtc(date: Date): CalendarDate {
  return format(date, 'yyyy-MM-dd');
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(addDays(toUtc(date), days));
}

/** Adds months the way date-fns and PostgreSQL do: a missing day clamps to the month's end. */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  return fromUtc(addMonths(toUtc(date), months));
}

/**
 * Whole days from `from` to `to`, negative when `to` is earlier. Plain arithmetic on UTC
 * midnights (a UTC day is always 86,400,000 ms in JavaScript): every reminder message
 * counts its days left with this, and a zoned date costs a hundred times more.
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return (utcMidnight(to) - utcMidnight(from)) / 86_400_000;
}

function utcMidnight(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

export function dayOfMonth(date: CalendarDate): number {
  return Number(date.slice(8, 10));
}
