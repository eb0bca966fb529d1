import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

  // Node reads TZ once, when a process starts: setting it in this process would change
  // nothing, so each zone gets a process of its own, running the built module (npm test
  // builds before Jest runs).
  it('ignores the server time zone', () => {
    const built = resolve('dist/libs/reminders/src/thai-date.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
    const dates = ['2022-06-04', '2016-02-29', '2017-12-31', '2018-01-01'];
    const script = `const m = await import(${JSON.stringify(pathToFileURL(built).href)});
      const dates = ${JSON.stringify(dates)};
      console.log(JSON.stringify({ offset: new Date(2022, 5, 4).getTimezoneOffset(),
        thai: dates.map(m.formatThaiDate), english: dates.map(m.formatEnglishDate) }));`;
    const offsets = new Set<number>();
    for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Bangkok', 'Etc/GMT+12']) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      const answer = JSON.parse(out);
      offsets.add(answer.offset);
      expect([zone, answer.thai, answer.english]).toEqual([
        zone,
        ['4 มิถุนายน 2565', '29 กุมภาพันธ์ 2559', '31 ธันวาคม 2560', '1 มกราคม 2561'],
        ['4 June 2022', '29 February 2016', '31 December 2017', '1 January 2018'],
      ]);
    }
    expect(offsets.size).toBe(4); // each process really ran in its zone
  }, 60_000);

  it('refuses what is not a calendar date', () => {
    expect(() => formatThaiDate('2017-02-30')).toThrow(RangeError);
    expect(() => formatEnglishDate('2017-05-30T00:00:00Z')).toThrow(RangeError);
  });
});
