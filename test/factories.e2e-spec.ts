import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertAgreement, insertMilestone } from './support/factories.js';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The factories stand in for the API in tests that are not about it, so what they write
 * must read back exactly as what the API writes: same record, terms and reminder plan.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('2026-11-26T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

/** What differs between two records created alike: identity, stamps, reference. */
function comparable(body: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, reference: _ref, agreementId: _a, agreementReference: _r, ...rest } = body;
  for (const key of ['createdAt', 'createdBy', 'updatedAt', 'updatedBy']) delete rest[key];
  return rest;
}

const inForce = {
  titleEn: 'Factory-made agreement',
  status: 'in-force',
  signedOn: '2026-02-01',
  effectiveOn: '2026-02-01',
  termMonths: 12,
  areas: ['workforce', 'cybersecurity'],
  reminderPolicy: { expiry: [90, 30], notice: [] },
};

describe('insertAgreement and insertMilestone', () => {
  it('write an agreement that reads back as the API writes it, with its terms and reminders', async () => {
    const made = await insertAgreement(t, inForce);
    const posted = (await t.http.post('/agreements').send(anAgreement(inForce)).expect(201)).body;

    const read = async (id: string) => ({
      record: comparable((await t.http.get(`/agreements/${id}`).expect(200)).body),
      terms: (await t.http.get(`/agreements/${id}/terms`).expect(200)).body.map(
        ({ startsOn, endsOn, origin, termMonths }: Record<string, unknown>) => ({
          startsOn,
          endsOn,
          origin,
          termMonths,
        }),
      ),
      reminders: (await t.http.get(`/agreements/${id}/reminders`).expect(200)).body.items.map(
        ({ kind, offsetDays, dueOn, state }: Record<string, unknown>) => ({ kind, offsetDays, dueOn, state }),
      ),
    });
    const fromFactory = await read(made.id);
    expect(fromFactory).toEqual(await read(posted.id));
    expect(fromFactory.terms).toHaveLength(1);
    expect(fromFactory.reminders.length).toBeGreaterThan(0);
    expect(made.reference).toMatch(/^FACTORY-/);
  });

  it('write a milestone that reads back as the API writes it, and replan its reminders', async () => {
    const agreement = await insertAgreement(t);
    const fields = {
      title: 'Net Pracharat',
      dueOn: '2027-03-31',
      status: 'done',
      targetValue: 24700,
      unit: 'villages',
    };
    const made = await insertMilestone(t, agreement.id, fields);
    const posted = (await t.http.post(`/agreements/${agreement.id}/milestones`).send(fields).expect(201)).body;
    expect(comparable({ ...made })).toEqual(comparable(posted));
    expect(made.completedOn).toBe('2026-11-26');

    const open = await insertMilestone(t, agreement.id, { dueOn: '2027-06-30' });
    const reminders = (await t.http.get(`/agreements/${agreement.id}/reminders`).expect(200)).body.items;
    expect(reminders.some((r: { milestoneId: string }) => r.milestoneId === open.id)).toBe(true);
  });
});
