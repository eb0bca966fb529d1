import { describe, expect, it } from '@jest/globals';
import { formatDate, parseInputText, toInputText } from '../../apps/web/src/i18n/dates.js';

describe('console dates', () => {
  it('shows Thai with the Buddhist Era and English with CE, and either calendar in either language', () => {
    expect(formatDate('2022-06-04', 'th', 'buddhist')).toBe('4 มิ.ย. 2565');
    expect(formatDate('2022-06-04', 'en', 'gregorian')).toBe('4 Jun 2022');
    expect(formatDate('2022-03-06', 'th', 'gregorian')).toBe('6 มี.ค. 2022');
    expect(formatDate('2022-03-06', 'en', 'buddhist')).toBe('6 Mar 2565 BE');
    expect(formatDate(null, 'th', 'buddhist')).toBe('');
  });

  it('reads DD/MM/YYYY in the chosen era and sends YYYY-MM-DD', () => {
    expect(parseInputText('4/6/2565', 'buddhist')).toBe('2022-06-04');
    expect(parseInputText('04/06/2022', 'gregorian')).toBe('2022-06-04');
    expect(parseInputText('29/02/2566', 'buddhist')).toBeNull(); // 2023 is no leap year
    expect(parseInputText('29/02/2567', 'buddhist')).toBe('2024-02-29');
    expect(parseInputText('2022-06-04', 'gregorian')).toBeNull();
    expect(toInputText('2022-06-04', 'buddhist')).toBe('04/06/2565');
    expect(toInputText('2022-06-04', 'gregorian')).toBe('04/06/2022');
  });
});
