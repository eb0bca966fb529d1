import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { japanMemorandum } from './support/fixtures.js';
import { type DeadlineScenario, deadlineScenario, inForce, SCENARIO_NOW as NOW } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let scenario: DeadlineScenario;

interface Deadline {
  kind: string;
  date: string;
  daysLeft: number;
  overdue: boolean;
  agreementReference: string;
  milestoneTitle: string | null;
}

/** What each item is, in one readable string: `date kind reference[/milestone] daysLeft`. */
const line = (d: Deadline) =>
  `${d.date} ${d.kind} ${d.agreementReference}${d.milestoneTitle ? `/${d.milestoneTitle}` : ''} ${d.daysLeft}`;

async function deadlines(query: Record<string, unknown> = {}) {
  const res = await t.http.get('/deadlines').query(query);
  expect(res.status).toBe(200);
  return { ...res.body, lines: (res.body.items as Deadline[]).map(line) };
}

beforeAll(async () => {
  t = await startTestApp(NOW);
  scenario = deadlineScenario(t);
  const { post, under } = scenario;
  // The Thailand–Japan memorandum, in force from signature on 5 June 2017 for 60 months.
  const japan = await scenario.japan();
  // In force until 31 Jan 2022; its notice deadline (2 Nov 2021) was missed.
  await scenario.korea();
  const china = await post(
    '/agreements',
    inForce('2019-03-01', {
      reference: 'CN',
      termMonths: 36,
      noticeDays: 30,
      leadAgency: 'DEPA',
      areas: ['cybersecurity'],
      parties: [
        { country: 'TH', organization: 'DEPA' },
        { country: 'CN', organization: 'Cyberspace Administration of China' },
      ],
    }),
  );
  // Expired as read (last day 31 Dec 2020) though stored in force: nothing to act on.
  await scenario.expired();
  await scenario.archived();

  await under(japan, {
    title: 'Net Pracharat',
    dueOn: '2021-12-01',
    area: 'knowledge-sharing',
    ownerAgency: 'TOT Public Company Ltd',
  });
  await under(japan, { title: 'Big Bang', dueOn: '2022-02-01', status: 'in-progress', ownerAgency: 'DEPA' });
  await under(japan, { title: 'done', dueOn: '2021-12-15', status: 'done' });
  await under(japan, { title: 'cancelled', dueOn: '2022-01-20', status: 'cancelled' });
  await under(japan, { title: 'far', dueOn: '2023-01-01' });
  const gone = await under(japan, { title: 'archived', dueOn: '2022-01-25' });
  await t.http.post(`/milestones/${gone.id}/archive`).send({});
  await under(china, { title: 'Training', dueOn: '2022-02-10', area: 'workforce' });
  await under(china, { title: 'Drill', dueOn: '2022-02-11' });
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

describe('GET /deadlines', () => {
  it('lists notice deadlines, expiries and open milestones soonest first, late ones included', async () => {
    const list = await deadlines();
    expect(list).toMatchObject({ today: '2022-01-10', until: '2022-07-09', withinDays: 180, total: 10 });
    expect(list.lines).toEqual([
      '2021-11-02 notice-deadline KR -69',
      '2021-12-01 milestone JP/Net Pracharat -40',
      '2022-01-29 notice-deadline CN 19',
      '2022-01-31 expiry KR 21',
      '2022-02-01 milestone JP/Big Bang 22',
      '2022-02-10 milestone CN/Training 31',
      '2022-02-11 milestone CN/Drill 32',
      '2022-02-28 expiry CN 49',
      '2022-03-06 notice-deadline JP 55',
      '2022-06-04 expiry JP 145',
    ]);
    expect(list.items.map((d: Deadline) => d.overdue)).toEqual([true, true, ...Array(8).fill(false)]);
  });

  it('describes a milestone with its agreement and owner', async () => {
    const list = await deadlines({ withinDays: 0 });
    const milestone = list.items.find((d: Deadline) => d.kind === 'milestone');
    expect(milestone).toEqual({
      kind: 'milestone',
      date: '2021-12-01',
      daysLeft: -40,
      overdue: true,
      agreementId: expect.any(String),
      agreementReference: 'JP',
      agreementTitleEn: japanMemorandum().titleEn,
      agreementTitleTh: japanMemorandum().titleTh,
      leadAgency: 'MDES',
      milestoneId: expect.any(String),
      milestoneTitle: 'Net Pracharat',
      ownerAgency: 'TOT Public Company Ltd',
    });
    const notice = list.items.find((d: Deadline) => d.kind === 'notice-deadline');
    expect(notice).toMatchObject({ agreementReference: 'KR', milestoneId: null, milestoneTitle: null });
  });

  it.each([
    [0, ['2021-11-02 notice-deadline KR -69', '2021-12-01 milestone JP/Net Pracharat -40']],
    [
      30,
      ['notice-deadline KR', 'milestone JP/Net Pracharat', 'notice-deadline CN', 'expiry KR', 'milestone JP/Big Bang'],
    ],
    [
      60,
      [
        'notice-deadline KR',
        'milestone JP/Net Pracharat',
        'notice-deadline CN',
        'expiry KR',
        'milestone JP/Big Bang',
        'milestone CN/Training',
        'milestone CN/Drill',
        'expiry CN',
        'notice-deadline JP',
      ],
    ],
  ])('looks %i days ahead, always keeping what is late', async (withinDays, expected) => {
    const list = await deadlines({ withinDays });
    expect(list.lines.map((l: string) => (withinDays ? l.split(' ').slice(1, -1).join(' ') : l))).toEqual(expected);
    expect(list.total).toBe(expected.length);
  });

  it('reaches the far milestone only when asked to look far enough', async () => {
    expect((await deadlines({ withinDays: 3650 })).lines).toContain('2023-01-01 milestone JP/far 356');
  });

  it('takes today from the office clock: a week after the notice deadline the memorandum is late', async () => {
    t.clock.set('2022-03-12T18:00:00Z'); // already 13 March in Bangkok
    const list = await deadlines();
    expect(list.today).toBe('2022-03-13');
    // KR and CN have expired and drop out; CN's open milestones stay until someone closes them.
    expect(list.lines).toEqual([
      '2021-12-01 milestone JP/Net Pracharat -102',
      '2022-02-01 milestone JP/Big Bang -40',
      '2022-02-10 milestone CN/Training -31',
      '2022-02-11 milestone CN/Drill -30',
      '2022-03-06 notice-deadline JP -7',
      '2022-06-04 expiry JP 83',
    ]);
    expect(list.items.map((d: Deadline) => d.overdue)).toEqual([true, true, true, true, true, false]);
  });

  it.each([
    ['country', { country: 'CN' }, ['notice-deadline CN', 'milestone CN/Training', 'milestone CN/Drill', 'expiry CN']],
    [
      'leadAgency',
      { leadAgency: 'DEPA' },
      ['notice-deadline CN', 'milestone CN/Training', 'milestone CN/Drill', 'expiry CN'],
    ],
    // A milestone's own area decides; one without an area follows its agreement's areas.
    [
      'area (postal)',
      { area: 'postal' },
      ['notice-deadline KR', 'expiry KR', 'milestone JP/Big Bang', 'notice-deadline JP', 'expiry JP'],
    ],
    [
      'area (workforce)',
      { area: 'workforce' },
      ['milestone JP/Big Bang', 'milestone CN/Training', 'notice-deadline JP', 'expiry JP'],
    ],
    [
      'area (cybersecurity)',
      { area: 'cybersecurity' },
      [
        'notice-deadline CN',
        'milestone JP/Big Bang',
        'milestone CN/Drill',
        'expiry CN',
        'notice-deadline JP',
        'expiry JP',
      ],
    ],
    ['kind (expiry)', { kind: 'expiry' }, ['expiry KR', 'expiry CN', 'expiry JP']],
    [
      'kind (notice deadline)',
      { kind: 'notice-deadline' },
      ['notice-deadline KR', 'notice-deadline CN', 'notice-deadline JP'],
    ],
    [
      'kind (milestone) and country',
      { kind: 'milestone', country: 'JP' },
      ['milestone JP/Net Pracharat', 'milestone JP/Big Bang'],
    ],
    [
      'country and area',
      { country: 'JP', area: 'knowledge-sharing' },
      ['milestone JP/Net Pracharat', 'milestone JP/Big Bang', 'notice-deadline JP', 'expiry JP'],
    ],
  ])('filters by %s', async (_, filter, expected) => {
    const list = await deadlines(filter);
    expect(list.lines.map((l: string) => l.split(' ').slice(1, -1).join(' '))).toEqual(expected);
    expect(list.total).toBe(expected.length);
  });

  it('cuts the list at limit while counting everything', async () => {
    const list = await deadlines({ limit: 3 });
    expect(list.items).toHaveLength(3);
    expect(list.total).toBe(10);
  });

  it('answers in one statement', async () => {
    const { queries } = await t.countQueries(() => t.http.get('/deadlines'));
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/UNION ALL/);
  });

  it.each([
    ['withinDays', { withinDays: -1 }],
    ['withinDays', { withinDays: 'abc' }],
    ['withinDays', { withinDays: 3651 }],
    ['withinDays', { withinDays: 1.5 }],
    ['withinDays', { withinDays: '' }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 1001 }],
    ['status', { status: 'in-force' }],
  ])('refuses a bad %s (%j) with a 400 naming it', async (field, query) => {
    const res = await t.http.get('/deadlines').query(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
  it('orders items on the same date by kind, then id', async () => {
    const tie = await scenario.post(
      '/agreements',
      inForce('2017-02-15', { reference: 'TIE', leadAgency: 'Tie agency', noticeDays: 0 }),
    );
    await scenario.under(tie, { title: 'b', dueOn: '2022-02-14' });
    await scenario.under(tie, { title: 'a', dueOn: '2022-02-14' });
    const list = await deadlines({ leadAgency: 'Tie agency' });
    expect(list.lines.slice(0, 1)).toEqual(['2022-02-14 expiry TIE 35']);
    expect(list.items.map((d: Deadline) => d.kind)).toEqual(['expiry', 'milestone', 'milestone', 'notice-deadline']);
    const ids = list.items.slice(1, 3).map((d: { milestoneId: string }) => d.milestoneId);
    expect(ids).toEqual([...ids].sort());
  });
});
