import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { anAgreement } from './support/fixtures.js';
import { type DeadlineScenario, deadlineScenario, inForce, SCENARIO_NOW as NOW } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let scenario: DeadlineScenario;

async function dashboard() {
  const res = await t.http.get('/dashboard');
  expect(res.status).toBe(200);
  return res.body;
}

/** `code count` per row, for readable comparisons. */
const counts = (rows: Array<{ code?: string; leadAgency?: string; count: number }>) =>
  rows.map((r) => `${r.code ?? r.leadAgency} ${r.count}`);

beforeAll(async () => {
  t = await startTestApp(NOW);
  scenario = deadlineScenario(t);
  const { post, under } = scenario;
  // In force 5 Jun 2017 for 60 months: last day 4 Jun 2022, notice deadline 6 Mar 2022; all six areas.
  const japan = await scenario.japan();
  // Last day 31 Jan 2022; its notice deadline (2 Nov 2021) has passed while it is still in force.
  const korea = await scenario.korea();
  // Multilateral (five parties, Thailand twice): last day 31 May 2022, notice deadline 1 Apr 2022.
  await post(
    '/agreements',
    inForce('2019-06-01', {
      reference: 'ASEAN',
      termMonths: 36,
      noticeDays: 60,
      leadAgency: 'DEPA',
      areas: ['cybersecurity', 'workforce'],
      parties: [
        { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
        { country: 'TH', organization: 'Digital Economy Promotion Agency' },
        { country: 'SG', organization: 'Infocomm Media Development Authority' },
        { country: 'MY', organization: 'Ministry of Communications and Multimedia' },
        { country: 'ASEAN', organization: 'ASEAN Secretariat' },
      ],
    }),
  );
  // Stored in force but past its last day (31 Dec 2020): it reads expired and counts nowhere.
  await scenario.expired({
    leadAgency: 'Old agency',
    areas: ['other'],
    parties: [
      { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
      { country: 'CN', organization: 'Cyberspace Administration of China' },
    ],
  });
  // Archived: counts nowhere, nor does its overdue milestone.
  await scenario.archived({
    leadAgency: 'Archived agency',
    parties: [
      { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
      { country: 'FR', organization: 'Ministère' },
    ],
  });
  // Signed, not yet in force: not counted in force, but its milestone is a deadline like any other.
  const signed = await post(
    '/agreements',
    anAgreement({
      reference: 'US',
      status: 'signed',
      signedOn: '2021-12-01',
      parties: [
        { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
        { country: 'US', organization: 'Department of State' },
      ],
    }),
  );

  await under(japan, { title: 'Net Pracharat', dueOn: '2021-12-01' }); // overdue
  await under(korea, { title: 'late', dueOn: '2022-01-09' }); // overdue since today
  await under(japan, { title: 'today', dueOn: '2022-01-10' }); // due today: upcoming, not overdue
  await under(japan, { title: 'Big Bang', dueOn: '2022-02-01', status: 'in-progress' });
  await under(japan, { title: 'day 30', dueOn: '2022-02-09' });
  await under(japan, { title: 'day 31', dueOn: '2022-02-10' });
  await under(signed, { title: 'first meeting', dueOn: '2022-03-01' });
  await under(japan, { title: 'far', dueOn: '2022-08-01' });
  await under(japan, { title: 'done', dueOn: '2021-12-15', status: 'done' });
  await under(japan, { title: 'cancelled', dueOn: '2022-01-20', status: 'cancelled' });
  const gone = await under(japan, { title: 'archived', dueOn: '2021-12-25' });
  expect((await t.http.post(`/milestones/${gone.id}/archive`).send({})).status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

describe('GET /dashboard', () => {
  it('counts agreements in force as read, by country (each party of a multilateral), area and lead agency', async () => {
    const body = await dashboard();
    expect(body.today).toBe('2022-01-10');
    expect(body.inForce.total).toBe(3);
    // Thailand once per agreement, though ASEAN lists it twice; CN (expired) and FR (archived) are absent.
    expect(counts(body.inForce.byCountry)).toEqual(['TH 3', 'ASEAN 1', 'JP 1', 'KR 1', 'MY 1', 'SG 1']);
    expect(body.inForce.byCountry[2]).toEqual({ code: 'JP', nameEn: 'Japan', nameTh: 'ญี่ปุ่น', count: 1 });
    expect(body.inForce.byCountry[1].nameEn).toBe('Association of Southeast Asian Nations');
    expect(counts(body.inForce.byArea)).toEqual([
      'cybersecurity 2',
      'postal 2',
      'workforce 2',
      'disaster-ict 1',
      'knowledge-sharing 1',
      'other 1', // the expired OLD covers it too, and does not count
    ]);
    expect(body.inForce.byArea[0]).toEqual({
      code: 'cybersecurity',
      labelEn: 'Cybersecurity',
      labelTh: 'ความมั่นคงปลอดภัยไซเบอร์',
      count: 2,
    });
    expect(counts(body.inForce.byLeadAgency)).toEqual(['MDES 2', 'DEPA 1']);
  });

  it('counts deadlines in the next 30, 90 and 180 days, overdue milestones and notice deadlines passed', async () => {
    const body = await dashboard();
    expect(body.upcoming).toEqual([
      // KR expiry; milestones due today, 1 Feb and 9 Feb (day 30 itself is in)
      { withinDays: 30, until: '2022-02-09', total: 4, noticeDeadlines: 0, expiries: 1, milestones: 3 },
      // + JP and ASEAN notice deadlines, milestones of 10 Feb and 1 Mar (under the signed agreement)
      { withinDays: 90, until: '2022-04-10', total: 8, noticeDeadlines: 2, expiries: 1, milestones: 5 },
      // + ASEAN and JP expiries
      { withinDays: 180, until: '2022-07-09', total: 10, noticeDeadlines: 2, expiries: 3, milestones: 5 },
    ]);
    expect(body.overdueMilestones).toBe(2); // Net Pracharat and KR's "late"; not the archived ones
    expect(body.decisionsPastNoticeDeadline).toBe(1); // KR
  });

  it('agrees with GET /deadlines: what is late plus the next 180 days is the same list', async () => {
    const body = await dashboard();
    const list = await t.http.get('/deadlines').query({ withinDays: 180 });
    const late = body.overdueMilestones + body.decisionsPastNoticeDeadline;
    expect(list.body.total).toBe(late + body.upcoming[2].total);
    const overdue = list.body.items.filter((d: { overdue: boolean }) => d.overdue);
    expect(overdue).toHaveLength(late);
  });

  it('takes today from the office clock: three weeks on, KR has expired and the windows have moved', async () => {
    t.clock.set('2022-02-01T02:00:00Z');
    const body = await dashboard();
    expect(body.today).toBe('2022-02-01');
    expect(body.inForce.total).toBe(2);
    expect(counts(body.inForce.byCountry)).toEqual(['TH 2', 'ASEAN 1', 'JP 1', 'MY 1', 'SG 1']);
    expect(counts(body.inForce.byArea)).toContain('postal 1');
    expect(body.upcoming).toEqual([
      { withinDays: 30, until: '2022-03-03', total: 4, noticeDeadlines: 0, expiries: 0, milestones: 4 },
      { withinDays: 90, until: '2022-05-02', total: 6, noticeDeadlines: 2, expiries: 0, milestones: 4 },
      { withinDays: 180, until: '2022-07-31', total: 8, noticeDeadlines: 2, expiries: 2, milestones: 4 },
    ]);
    // "today" (10 Jan) is late now; KR's milestone stays late though KR has expired.
    expect(body.overdueMilestones).toBe(3);
    // KR reads expired, so no decision is pending on it any more; JP's deadline is still ahead.
    expect(body.decisionsPastNoticeDeadline).toBe(0);
  });

  it("counts a notice deadline as passed from the office's next day, not UTC's", async () => {
    t.clock.set('2022-03-06T16:59:59Z'); // 23:59:59 on 6 Mar in Bangkok: the deadline day itself
    expect((await dashboard()).decisionsPastNoticeDeadline).toBe(0);
    t.clock.set('2022-03-06T17:00:00Z'); // 00:00 on 7 Mar in Bangkok
    expect((await dashboard()).decisionsPastNoticeDeadline).toBe(1); // JP
  });

  it('follows records as they change: archiving an agreement takes it out at once', async () => {
    const extra = await scenario.post('/agreements', inForce('2021-06-01', { reference: 'NZ', leadAgency: 'MDES' }));
    expect((await dashboard()).inForce.total).toBe(4);
    expect((await t.http.post(`/agreements/${extra.id}/archive`).send({})).status).toBe(200);
    expect((await dashboard()).inForce.total).toBe(3);
  });

  it('answers in two set-based statements however much data there is', async () => {
    const { queries } = await t.countQueries(() => t.http.get('/dashboard'));
    expect(queries).toHaveLength(2);
    expect(queries.join('\n')).not.toMatch(/\bLIMIT\b/);
  });

  it('is open to every signed-in role, and to no one else', async () => {
    for (const role of ['admin', 'officer', 'manager', 'auditor'] as const) {
      expect((await t.as(role).get('/dashboard')).status).toBe(200);
    }
    expect((await t.anonymous.get('/dashboard')).status).toBe(401);
  });
});
