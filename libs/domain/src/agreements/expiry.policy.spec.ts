import { describe, expect, it } from '@jest/globals';
import { lastDayInForce, noticeDeadline, termMonthsBetween } from './expiry.policy.js';

describe('lastDayInForce', () => {
  it.each([
    ['2017-06-05', 60, '2022-06-04'], // the Thailand–Japan memorandum
    ['2016-02-29', 12, '2017-02-28'], // anniversary of 29 Feb in a common year is 1 March
    ['2016-02-29', 48, '2020-02-28'], // leap year anniversary exists: day before it
    ['2016-01-31', 1, '2016-02-29'], // 31 Feb does not exist: anniversary 1 March
    ['2017-01-31', 1, '2017-02-28'],
    ['2017-03-31', 1, '2017-04-30'],
    ['2017-01-01', 12, '2017-12-31'],
    ['2019-12-31', 2, '2020-02-29'],
  ])('in force %s for %i months → last day %s', (effectiveOn, months, expected) => {
    expect(lastDayInForce(effectiveOn, months)).toBe(expected);
  });
});

describe('noticeDeadline', () => {
  it('is expiry minus the notice period, across month and year ends', () => {
    expect(noticeDeadline('2022-06-04', 90)).toBe('2022-03-06');
    expect(noticeDeadline('2023-01-15', 30)).toBe('2022-12-16');
    expect(noticeDeadline('2024-03-01', 1)).toBe('2024-02-29');
    expect(noticeDeadline('2024-03-01', 0)).toBe('2024-03-01');
  });
});

describe('termMonthsBetween', () => {
  it('gives back the months a last day was derived from', () => {
    expect(termMonthsBetween('2017-06-05', '2022-06-04')).toBe(60);
    expect(termMonthsBetween('2022-06-05', '2027-06-04')).toBe(60);
    expect(termMonthsBetween('2016-02-29', '2017-02-28')).toBe(12);
    expect(termMonthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(termMonthsBetween('2017-01-01', '2017-12-31')).toBe(12);
  });

  it('holds against lastDayInForce for every start of a leap year and terms of 1, 11, 12, 13 and 60 months', () => {
    const mismatches: string[] = [];
    const terms = [1, 11, 12, 13, 60];
    for (let day = 0; day < 366; day += 1) {
      const start = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      for (const months of terms) {
        const found = termMonthsBetween(start, lastDayInForce(start, months));
        if (found !== months) mismatches.push(`${start} + ${months}: ${found}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('is null when no whole number of months fits (dates edited by hand)', () => {
    expect(termMonthsBetween('2017-06-05', '2022-06-10')).toBeNull();
  });
});
