import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * An office that is not in Bangkok: OFFICE_TIMEZONE=Pacific/Auckland (UTC+13 in December,
 * +12 in July). "Today", overdue, expiry, days left, reminder times and the instants in
 * exports all follow the office's zone, not Bangkok's and not the server's.
 */
const ZONE = 'Pacific/Auckland';
const NOW = '2026-11-26T02:00:00Z'; // 15:00 on 26 Nov in Auckland
const saved = process.env.OFFICE_TIMEZONE;
let t: TestApp;

beforeAll(async () => {
  process.env.OFFICE_TIMEZONE = ZONE;
  t = await startTestApp(NOW);
});
afterAll(async () => {
  await t?.close();
  if (saved === undefined) delete process.env.OFFICE_TIMEZONE;
  else process.env.OFFICE_TIMEZONE = saved;
});
afterEach(() => {
  t.clock.set(NOW);
});

async function inForce(effectiveOn: string, extra: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/agreements')
    .send(anAgreement({ status: 'in-force', signedOn: effectiveOn, effectiveOn, termMonths: 12, ...extra }));
  expect(res.status).toBe(201);
  return res.body as { id: string; expiresOn: string; version: number };
}

describe(`an office in ${ZONE}`, () => {
  it('plans reminders at 09:00 Auckland time on their day', async () => {
    const a = await inForce('2027-01-01', { noticeDays: 0, reminderPolicy: { expiry: [180], notice: [] } });
    expect(a.expiresOn).toBe('2027-12-31');
    const plan = (await t.http.get(`/agreements/${a.id}/reminders`)).body.items;
    expect(plan).toEqual([expect.objectContaining({ kind: 'expiry', dueOn: '2027-07-04' })]);
    // 09:00 NZST (UTC+12) on 4 July is 21:00 UTC on 3 July; in Bangkok it would be 02:00 UTC on the 4th.
    expect(new Date(plan[0].fireAt).toISOString()).toBe('2027-07-03T21:00:00.000Z');
  });

  it('turns a milestone overdue, and counts days left, from Auckland’s midnight', async () => {
    const a = await inForce('2026-06-01');
    const m = await t.http.post(`/agreements/${a.id}/milestones`).send({ title: 'Auckland', dueOn: '2026-12-15' });
    expect(m.status).toBe(201);
    const seen = async () => {
      const milestone = (await t.http.get(`/milestones/${m.body.id}`)).body;
      const deadlines = (await t.http.get('/deadlines').query({ withinDays: 30, limit: 100 })).body.items;
      const deadline = deadlines.find((d: { milestoneId: string | null }) => d.milestoneId === m.body.id);
      return [milestone.status, deadline?.daysLeft];
    };
    t.clock.set('2026-12-15T10:59:00Z'); // 23:59 on the 15th in Auckland (17:59 in Bangkok)
    expect(await seen()).toEqual(['planned', 0]);
    t.clock.set('2026-12-15T11:00:00Z'); // midnight: the 16th in Auckland, still the 15th in Bangkok and UTC
    expect(await seen()).toEqual(['overdue', -1]);
  });

  it('reads an agreement expired once its last day is over in Auckland', async () => {
    const a = await inForce('2026-01-01'); // last day 2026-12-31
    t.clock.set('2026-12-31T10:59:00Z'); // 23:59 on 31 Dec in Auckland
    expect((await t.http.get(`/agreements/${a.id}`)).body.status).toBe('in-force');
    t.clock.set('2026-12-31T11:00:00Z'); // 1 Jan in Auckland; 18:00 on 31 Dec in Bangkok
    expect((await t.http.get(`/agreements/${a.id}`)).body.status).toBe('expired');
  });

  it('writes instants in exports in Auckland time, with its offset', async () => {
    const res = await t.as('auditor').get('/reports/agreements').query({ format: 'csv' }).buffer(true);
    expect(res.status).toBe(200);
    const [headings, ...rows] = parse(res.text, { bom: true }) as string[][];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const created = row[headings.indexOf('Created')];
      expect(created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+13:00$/); // NZDT
      const agreement = (await t.http.get(`/agreements/${row[headings.indexOf('ID')]}`)).body;
      expect(Date.parse(created)).toBe(Date.parse(agreement.createdAt));
    }
  });
});
