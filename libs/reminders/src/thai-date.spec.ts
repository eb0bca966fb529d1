import { describe, expect, it } from '@jest/globals';
import { formatEnglishDate, formatThaiDate, toBuddhistYear } from './thai-date.js';

describe('Thai and English calendar dates', () => {
  it('writes the Buddhist Era year', () => {
    expect(toBuddhistYear(2017)).toBe(2560);
    expect(toBuddhistYear(2022)).toBe(2565);
  });

  it('formats the cabinet approval date both ways', () => {
    expect(formatThaiDate('2017-05-30')).toBe('30 พฤษภาคม 2560');
    expect(formatEnglishDate('2017-05-30')).toBe('30 May 2017');
  });

  it('handles a leap day and the year boundary without shifting the day', () => {
    expect(formatThaiDate('2016-02-29')).toBe('29 กุมภาพันธ์ 2559');
    expect(formatThaiDate('2017-12-31')).toBe('31 ธันวาคม 2560');
    expect(formatThaiDate('2018-01-01')).toBe('1 มกราคม 2561');
    expect(formatEnglishDate('2017-12-31')).toBe('31 December 2017');
    expect(formatEnglishDate('2018-01-01')).toBe('1 January 2018');
  });

  // Guards the month tables' spelling against Node's own Thai calendar data.
  it('agrees with Intl for every month', () => {
    const thai = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const english = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    for (let month = 1; month <= 12; month++) {
      const date = `2017-${String(month).padStart(2, '0')}-15`;
      expect(formatThaiDate(date)).toBe(thai.format(new Date(`${date}T00:00:00Z`)));
      expect(formatEnglishDate(date)).toBe(english.format(new Date(`${date}T00:00:00Z`)));
    }
  });

  it('ignores the server time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Bangkok']) {
        process.env.TZ = zone;
        expect(formatThaiDate('2022-06-04')).toBe('4 มิถุนายน 2565');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses what is not a calendar date', () => {
    expect(() => formatThaiDate('2017-02-30')).toThrow(RangeError);
    expect(() => formatEnglishDate('2017-05-30T00:00:00Z')).toThrow(RangeError);
  });
});
