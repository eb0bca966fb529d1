import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { dispatchDueReminders } from './reminder-dispatch.js';
import { renderReminderMessage } from './reminder-message.js';
import { japanMemorandumDelivery as japan } from './testing/delivery-context.fixture.js';

/**
 * What dispatch renders and hands on, with PostgreSQL out of the way: a stand-in manager
 * answers the claim statement with `claim` and records every statement it is given. It
 * writes nothing, so these tests say nothing about what PostgreSQL stores; that is
 * test/reminder-dispatch.e2e-spec.ts, on a real database.
 */
function recordingManager(claim: Record<string, unknown>) {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    query: async (sql: string, params: unknown[]) => {
      statements.push({ sql, params });
      return statements.length === 1 ? [claim] : [];
    },
  } as unknown as EntityManager;
  return { manager, statements };
}

/** The Japan memorandum's expiry reminder as the claim returns it. */
const claimed = (reminderId: string, extra: Record<string, unknown> = {}) => ({
  reminder_id: reminderId,
  kind: 'expiry',
  target_on: japan.targetOn,
  agreement_id: japan.agreement.id,
  reference: japan.agreement.reference,
  title_en: japan.agreement.titleEn,
  title_th: japan.agreement.titleTh,
  lead_agency: japan.agreement.leadAgency,
  milestone_id: null,
  milestone_title: null,
  owner_agency: null,
  ...extra,
});

// 5 May 2022 at 09:00 in Bangkok (02:00 UTC), 30 days before the memorandum's last day.
const now = new Date('2022-05-05T02:00:00Z');

describe('dispatchDueReminders: what it renders and hands to PostgreSQL', () => {
  it("hands over a batch's notifications as one statement's parameters, in both languages", async () => {
    const { manager, statements } = recordingManager({
      dispatched: 3,
      // r-3 was dispatched before (cancelled, then planned again): its notification exists.
      in_app: { 'r-1': 'd-1', 'r-2': 'd-2' },
      reminders: [claimed('r-1'), claimed('r-3'), claimed('r-2', { reference: 'MOU-2020-0002', title_th: null })],
    });
    expect(await dispatchDueReminders(manager, now, 500, { timeZone: 'Asia/Bangkok' })).toBe(3);
    // Two round trips for a batch: the claim and its notifications.
    expect(statements).toHaveLength(2);
    const [claim, notifications] = statements;
    expect(claim.sql).toMatch(/^WITH due AS \(/);
    expect(claim.params).toEqual([now, 500]);
    expect(notifications.sql).toMatch(/INSERT INTO notification[\s\S]*unnest\(/);

    const expected = renderReminderMessage({ ...japan, channel: 'in-app', recipient: 'office', deliveryId: 'd-1' });
    const second = renderReminderMessage({
      ...japan,
      channel: 'in-app',
      recipient: 'office',
      deliveryId: 'd-2',
      agreement: { ...japan.agreement, reference: 'MOU-2020-0002', titleTh: null },
    });
    expect(notifications.params).toEqual([
      ['d-1', 'd-2'],
      ['r-1', 'r-2'],
      [japan.agreement.id, japan.agreement.id],
      [null, null],
      ['expiry', 'expiry'],
      [expected.subjectEn, second.subjectEn],
      [expected.subjectTh, second.subjectTh],
      [expected.bodyEn, second.bodyEn],
      [expected.bodyTh, second.bodyTh],
      [japan.targetOn, japan.targetOn],
    ]);
    expect(expected.subjectEn).toContain('(30 days left)');
    // Without a Thai title the Thai text names the agreement by its English one.
    expect(second.bodyTh).toContain('ความตกลง: MOU-2020-0002 Memorandum of Cooperation on ICT and Digital');
  });

  it('counts days left from the office’s date at the scan', async () => {
    const answer = { dispatched: 1, in_app: { 'r-1': 'd-1' }, reminders: [claimed('r-1')] };
    const { manager, statements } = recordingManager(answer);
    // 23:30 UTC on 4 May is already 5 May in Bangkok, but still 4 May in Los Angeles.
    const lateEvening = new Date('2022-05-04T23:30:00Z');
    await dispatchDueReminders(manager, lateEvening, 500, { timeZone: 'Asia/Bangkok' });
    expect(statements[1].params[5]).toEqual([expect.stringContaining('(30 days left)')]);
    const elsewhere = recordingManager(answer);
    await dispatchDueReminders(elsewhere.manager, lateEvening, 500, { timeZone: 'America/Los_Angeles' });
    expect(elsewhere.statements[1].params[5]).toEqual([expect.stringContaining('(31 days left)')]);
  });

  it('sends no second statement when the claim wrote no in-app delivery', async () => {
    for (const claim of [
      { dispatched: 0, in_app: null, reminders: null },
      { dispatched: 3, in_app: null, reminders: [claimed('r-1'), claimed('r-2'), claimed('r-3')] },
    ]) {
      const { manager, statements } = recordingManager(claim);
      expect(await dispatchDueReminders(manager, now, 500, { timeZone: 'Asia/Bangkok' })).toBe(claim.dispatched);
      expect(statements).toHaveLength(1);
    }
  });

  it('asks for a notification that cannot be rendered to be marked failed, and hands over the rest', async () => {
    const { manager, statements } = recordingManager({
      dispatched: 2,
      // A milestone reminder without its milestone is a broken row: the renderer refuses it.
      in_app: { 'r-1': 'd-broken', 'r-2': 'd-fine' },
      reminders: [claimed('r-1', { kind: 'milestone-due' }), claimed('r-2')],
    });
    await dispatchDueReminders(manager, now, 500, { timeZone: 'Asia/Bangkok' });
    expect(statements).toHaveLength(3);
    expect(statements[1].params[0]).toEqual(['d-fine']);
    expect(statements[2].sql).toMatch(/SET state = 'failed'/);
    expect(statements[2].params).toEqual([
      ['d-broken'],
      ['delivery d-broken: milestone-due reminder has no milestone'],
    ]);
  });
});
