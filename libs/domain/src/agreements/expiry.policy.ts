import { addCalendarDays, addCalendarMonths, type CalendarDate, dayOfMonth } from '../calendar/calendar-date.js';

/**
 * The last day in force: the day before the term's anniversary of entry into force.
 * 2017-06-05 + 60 months → 2022-06-04. When the anniversary does not exist (29 February
 * in a common year) it falls on 1 March, so the last day is 28 February.
 * Mirrors the SQL function mou_last_day_in_force; a test holds the two together.
 */
export function lastDayInForce(effectiveOn: CalendarDate, termMonths: number): CalendarDate {
  const clamped = addCalendarMonths(effectiveOn, termMonths);
  if (dayOfMonth(clamped) < dayOfMonth(effectiveOn)) return clamped;
  return addCalendarDays(clamped, -1);
}

/** The date by which a party must give written notice to end or not renew. */
export function noticeDeadline(expiresOn: CalendarDate, noticeDays: number): CalendarDate {
  return addCalendarDays(expiresOn, -noticeDays);
}

/**
 * The whole number of months a term from `startsOn` to `lastDay` runs, i.e. the N for
 * which lastDayInForce(startsOn, N) is lastDay; null when no whole number fits (a term
 * whose dates were edited by hand). The inverse of lastDayInForce, for saying how a last
 * day was derived ("60 months from 2017-06-05: last day 2022-06-04").
 */
export function termMonthsBetween(startsOn: CalendarDate, lastDay: CalendarDate): number | null {
  const [y1, m1] = startsOn.split('-').map(Number);
  const [y2, m2] = addCalendarDays(lastDay, 1).split('-').map(Number);
  const estimate = (y2 - y1) * 12 + (m2 - m1);
  for (const months of [estimate, estimate - 1, estimate + 1]) {
    if (months >= 1 && lastDayInForce(startsOn, months) === lastDay) return months;
  }
  return null;
}
