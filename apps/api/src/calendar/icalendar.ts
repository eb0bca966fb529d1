/**
 * Just enough iCalendar (RFC 5545) to publish all-day events, written by hand: the `ics`
 * package folds lines every 75 *characters*, so a Thai line (3 octets a character) came
 * out at 150-225 octets, and it validates each event with yup (about 0.3 ms each, seconds
 * for a large feed). The rules kept here: CRLF line endings; content lines folded at 75
 * octets, never inside a UTF-8 sequence, continuation lines starting with one space;
 * TEXT values escaped (backslash, semicolon, comma, newline); dates as DATE values.
 */
import type { CalendarDate } from '@mou/domain';
import { addCalendarDays } from '@mou/domain';

const CRLF = '\r\n';
const MAX_OCTETS = 75;

export interface AllDayEvent {
  /** Stable across fetches, so calendar apps update the event rather than add another. */
  uid: string;
  date: CalendarDate;
  summary: string;
  description?: string;
  categories?: string[];
}

export interface CalendarSpec {
  /** The calendar's name as apps show it. */
  name: string;
  /** When the feed was generated: every event's DTSTAMP. */
  generatedAt: Date;
  /** How often apps should fetch again (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL for older apps). */
  refreshMinutes: number;
  events: AllDayEvent[];
}

/** TEXT escaping (RFC 5545 3.3.11); control characters other than tab are not allowed in TEXT and are dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '') // eslint-disable-line no-control-regex
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * Folds one content line (RFC 5545 3.1): no physical line longer than 75 octets, the
 * CRLF aside; each continuation begins with a space that counts towards its 75. Breaks
 * fall between code points only, so no UTF-8 sequence (nor surrogate pair) is split.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** '2022-03-06' → '20220306' */
export function formatDateValue(date: CalendarDate): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  return date.replaceAll('-', '');
}

/** An instant as a UTC DATE-TIME: 20220110T020000Z */
export function formatUtcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function eventLines(event: AllDayEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${formatDateValue(event.date)}`,
    // DTEND is exclusive: a one-day event ends at the start of the next day.
    `DTEND;VALUE=DATE:${formatDateValue(addCalendarDays(event.date, 1))}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  // A deadline does not make anyone busy.
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/** A whole VCALENDAR, every content line folded and ended by CRLF. */
export function renderCalendar(spec: CalendarSpec): string {
  const stamp = formatUtcDateTime(spec.generatedAt);
  const name = escapeText(spec.name);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MOU Tracker//Deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${spec.refreshMinutes}M`,
    `X-PUBLISHED-TTL:PT${spec.refreshMinutes}M`,
    ...spec.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
