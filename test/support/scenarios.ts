import { expect } from '@jest/globals';
import { aMilestone, anAgreement, japanMemorandum } from './fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * The deadline scenario the calendar, dashboard and deadlines tests share: agreements in
 * force whose notice deadlines, expiries and milestones fall around one day, plus the ones
 * that must never show up (expired as read, archived). Each test adds what it is about.
 */

/** 09:00 on 10 Jan 2022 in Bangkok: the day the scenario is read on. */
export const SCENARIO_NOW = '2022-01-10T02:00:00Z';

type Body = Record<string, unknown>;

/** An agreement stored in force from `signedOn` (signed and effective that day). */
export const inForce = (signedOn: string, overrides: Body): Body =>
  anAgreement({ status: 'in-force', signedOn, effectiveOn: signedOn, ...overrides });

/** The scenario's steps against one running app; call them in the order the test needs. */
export function deadlineScenario(t: TestApp) {
  /** POSTs as the default user and expects 201: the set-up must not fail quietly. */
  async function post(path: string, body: Body) {
    const res = await t.http.post(path).send(body);
    expect(res.status).toBe(201);
    return res.body;
  }
  const under = (agreement: { id: string }, body: Body) =>
    post(`/agreements/${agreement.id}/milestones`, aMilestone(body));

  return {
    post,
    /** A milestone under `agreement` (aMilestone with `body`). */
    under,
    /** The Thailand–Japan memorandum, in force 5 Jun 2017 for 60 months: last day 4 Jun 2022, notice deadline 6 Mar 2022; all six areas. */
    japan: () =>
      post(
        '/agreements',
        japanMemorandum({ reference: 'JP', status: 'in-force', signedOn: '2017-06-05', effectiveOn: '2017-06-05' }),
      ),
    /** In force until 31 Jan 2022; its notice deadline (2 Nov 2021) was missed while it is still in force. */
    korea: (overrides: Body = {}) =>
      post('/agreements', inForce('2017-02-01', { reference: 'KR', areas: ['postal'], ...overrides })),
    /** Stored in force but past its last day (31 Dec 2020): expired as read, nothing to act on. */
    expired: (overrides: Body = {}) => post('/agreements', inForce('2016-01-01', { reference: 'OLD', ...overrides })),
    /** In force but archived, with an overdue milestone ('hidden', 20 Dec 2021): neither counts anywhere. */
    async archived(overrides: Body = {}) {
      const archived = await post('/agreements', inForce('2017-03-01', { reference: 'ARCHIVED', ...overrides }));
      await under(archived, { title: 'hidden', dueOn: '2021-12-20' });
      expect((await t.http.post(`/agreements/${archived.id}/archive`).send({})).status).toBe(200);
      return archived;
    },
  };
}

export type DeadlineScenario = ReturnType<typeof deadlineScenario>;
