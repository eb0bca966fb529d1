import { describe, expect, it } from '@jest/globals';
import { addCalendarDays, daysBetween, isRegisterDate } from './calendar-date.js';

describe('daysBetween', () => {
  it.each([
    ['2026-11-26', '2026-12-20', 24],
    ['2026-12-20', '2026-11-26', -24],
    ['2026-11-26', '2026-11-26', 0],
    ['2024-02-28', '2024-03-01', 2], // leap year
    ['2023-02-28', '2023-03-01', 1],
    ['2026-12-31', '2027-01-01', 1],
    ['2017-06-05', '2022-06-04', 1825],
  ])('counts %s to %s as %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('undoes addCalendarDays across month, year and leap-day boundaries', () => {
    for (const from of ['2000-02-29', '2023-12-31', '2024-02-28', '2026-03-29', '2026-10-25']) {
      for (let days = -800; days <= 800; days += 7) {
        expect(daysBetween(from, addCalendarDays(from, days))).toBe(days);
      }
    }
  });
});

describe('isRegisterDate', () => {
  it('takes real dates from 1800-01-01 to 2999-12-31 and nothing else', () => {
    for (const date of ['1800-01-01', '2017-06-05', '2000-02-29', '2999-12-31'])
      expect(isRegisterDate(date)).toBe(true);
    for (const date of ['1799-12-31', '3000-01-01', '9999-12-31', '10099-12-30', '2017-02-29', '2017-6-5', null]) {
      expect(isRegisterDate(date)).toBe(false);
    }
  });
});
