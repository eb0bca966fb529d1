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
