import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addCalendarDays, lastDayInForce } from '../libs/domain/src/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the last day in force', () => {
  it('is the same in PostgreSQL (generated columns) and in TypeScript, month ends and 29 February included', async () => {
    // Every day of 2015–2017 (a leap year in the middle) against terms of 1 to 120 months.
    const starts = Array.from({ length: 3 * 365 + 1 }, (_, i) => addCalendarDays('2015-01-01', i));
    const terms = [1, 2, 3, 6, 11, 12, 13, 24, 36, 48, 59, 60, 61, 120];
    const rows: Array<{ start: string; months: number; last: string }> = await t.dataSource.query(
      `SELECT s::text AS start, m AS months, mou_last_day_in_force(s, m)::text AS last
         FROM unnest($1::date[]) AS s CROSS JOIN unnest($2::int[]) AS m`,
      [starts, terms],
    );
    expect(rows).toHaveLength(starts.length * terms.length);
    const disagreements = rows.filter((row) => lastDayInForce(row.start, row.months) !== row.last);
    expect(disagreements).toEqual([]);
  });
});
