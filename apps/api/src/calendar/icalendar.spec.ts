import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { escapeText, foldLine, formatUtcDateTime, renderCalendar } from './icalendar.js';

const octets = (line: string) => Buffer.byteLength(line, 'utf8');
const unfold = (text: string) => text.replace(/\r\n /g, '');

/** A deterministic mix of ASCII, Thai (3 octets), accented Latin (2) and emoji (4, a surrogate pair). */
function sampleText(seed: number, length: number): string {
  const pool = ['a', 'Z', ' ', ',', ';', '\\', 'ก', 'ำ', 'ั', '่', 'é', 'ß', '😀', '𠀀', '.'];
  let x = seed;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    text += pool[x % pool.length];
  }
  return text;
}

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds the 76th onto a line starting with a space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine('x'.repeat(75 + 74 + 1))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('never splits a Thai character: 25 fit the first line (75 octets), 24 each continuation', () => {
    const thai = 'ก'.repeat(60);
    const lines = foldLine(thai).split('\r\n');
    expect(lines.map(octets)).toEqual([75, 73, 34]); // 25 + 24 + 11 characters
    expect(lines[1]).toBe(` ${'ก'.repeat(24)}`);
  });

  it.each(Array.from({ length: 40 }, (_, i) => [i]))(
    'keeps every physical line within 75 octets of whole characters, and unfolds back (sample %i)',
    (seed) => {
      const line = `SUMMARY:${sampleText(seed + 1, 20 + seed * 7)}`;
      const folded = foldLine(line);
      for (const physical of folded.split('\r\n')) {
        expect(octets(physical)).toBeLessThanOrEqual(75);
        // A split UTF-8 sequence or surrogate pair would not survive a round trip through bytes.
        expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
        expect(physical).not.toMatch(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/);
      }
      expect(unfold(folded)).toBe(line);
    },
  );
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and newlines, and drops other control characters', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('tab\there\u0007bell')).toBe('tab\there' + 'bell');
    expect(escapeText('ไทย: "quoted"')).toBe('ไทย: "quoted"');
  });
});

describe('renderCalendar', () => {
  const text = renderCalendar({
    name: 'Deadlines / กำหนดเวลา',
    generatedAt: new Date('2022-01-10T02:00:00.123Z'),
    refreshMinutes: 60,
    events: [
      {
        uid: 'expiry-1@mou-tracker',
        date: '2022-12-31',
        summary: `Last day in force / วันสิ้นสุดการมีผลบังคับใช้: MOU-1 a, b; c \\ d ${'ความร่วมมือ'.repeat(8)}`,
        description: 'line one\nบรรทัดที่สอง',
        categories: ['Last day in force'],
      },
    ],
  });

  it('ends every line with CRLF and keeps every line within 75 octets', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('writes an all-day event a parser reads back exactly', () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const [component] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(component);
    expect(event.uid).toBe('expiry-1@mou-tracker');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2022-12-31');
    expect(event.endDate.toString()).toBe('2023-01-01'); // exclusive: the next day, across the year's end
    expect(event.summary).toBe(`Last day in force / วันสิ้นสุดการมีผลบังคับใช้: MOU-1 a, b; c \\ d ${'ความร่วมมือ'.repeat(8)}`);
    expect(event.description).toBe('line one\nบรรทัดที่สอง');
    expect(component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2022-01-10T02:00:00Z');
    expect(text).toContain('\r\nDTSTART;VALUE=DATE:20221231\r\n');
    expect(text).toContain('\r\nDTEND;VALUE=DATE:20230101\r\n');
  });

  it('writes instants in UTC without milliseconds', () => {
    expect(formatUtcDateTime(new Date('2022-01-10T02:03:04.567Z'))).toBe('20220110T020304Z');
  });
});
