import { Injectable } from '@nestjs/common';
import { type Queryable, type ReminderRow, queryRow, registerStatementSamples } from '@mou/database';
import type { ReminderMessageRow } from './channels/delivery-context.js';
import { deliverySummary } from './reminder-delivery.repository.js';

// An agreement's own offsets when it has them, else the configured defaults ($n).
const offsets = (key: string, fallback: string) =>
  `CASE WHEN a.reminder_policy ? '${key}'
        THEN ARRAY(SELECT jsonb_array_elements_text(a.reminder_policy->'${key}')::int)
        ELSE ${fallback}::int[] END`;

/**
 * The desired plan, as SQL over the agreements in scope ($9 = ids, or NULL for all):
 * every offset of every live date, timed at the office hour in the office zone. Of the
 * slots whose time has passed, only the latest per date survives, so an agreement logged
 * late gets one reminder at once instead of a burst of stale ones.
 */
const planSql = `
  WITH live AS (
    SELECT a.* FROM agreement a
     WHERE ($9::uuid[] IS NULL OR a.id = ANY($9::uuid[]))
       AND a.archived_at IS NULL AND a.status = 'in-force' AND a.expires_on >= $8::date
       -- Terminated by notice: no more expiry or notice-deadline reminders.
       AND a.terminates_on IS NULL
  ),
  open_milestone AS (
    SELECT m.id, m.agreement_id, m.due_on, a.reminder_policy, a.terminates_on
      FROM milestone m JOIN agreement a ON a.id = m.agreement_id
     WHERE ($9::uuid[] IS NULL OR m.agreement_id = ANY($9::uuid[]))
       AND m.archived_at IS NULL AND m.status IN ('planned', 'in-progress')
       AND a.archived_at IS NULL AND a.status NOT IN ('terminated', 'superseded')
       AND (a.terminates_on IS NULL OR a.terminates_on > $8::date)
  ),
  slot AS (
    SELECT a.id AS agreement_id, NULL::uuid AS milestone_id, 'expiry' AS kind, 'expiry' AS family,
           d AS offset_days, a.expires_on AS target_on, a.expires_on - d AS due_on
      FROM live a CROSS JOIN LATERAL unnest(${offsets('expiry', '$1')}) AS d
    UNION ALL
    SELECT a.id, NULL, 'notice-deadline', 'notice', d, a.notice_deadline, a.notice_deadline - d
      FROM live a CROSS JOIN LATERAL unnest(${offsets('notice', '$2')}) AS d
     -- A manager's decision about the current term is the action the notice deadline asks for.
     WHERE a.decision_term_starts_on IS DISTINCT FROM coalesce(a.term_started_on, a.effective_on)
    UNION ALL
    SELECT a.agreement_id, a.id, 'milestone-due', 'milestone', d, a.due_on, a.due_on - d
      FROM open_milestone a CROSS JOIN LATERAL unnest(${offsets('milestone', '$3')}) AS d
     WHERE a.terminates_on IS NULL OR a.due_on - d < a.terminates_on
    UNION ALL
    -- Overdue reminders repeat until done: the next repeat ahead and the latest past one.
    -- Repeats up to n.last - 1 fall on or before today; those before n.last - 2 are before
    -- yesterday, so the ranking below always drops them in favour of n.last - 2, and they
    -- are not generated at all (an overdue milestone would otherwise add one row a week).
    SELECT a.agreement_id, a.id, 'milestone-overdue', 'milestone', -k * e.every, a.due_on, a.due_on + k * e.every
      FROM open_milestone a
     CROSS JOIN LATERAL (SELECT coalesce((a.reminder_policy->>'overdueEveryDays')::int, $4::int) AS every) e
     CROSS JOIN LATERAL (SELECT greatest(1, ($8::date - a.due_on) / e.every + 1) AS last) n
     CROSS JOIN LATERAL generate_series(greatest(1, n.last - 2), n.last) AS k
     WHERE a.terminates_on IS NULL OR a.due_on + k * e.every < a.terminates_on
  ),
  timed AS (
    SELECT s.*, ((s.due_on + make_interval(hours => $5::int))::timestamp AT TIME ZONE $6::text) AS fire_at
      FROM slot s
  ),
  ranked AS (
    SELECT t.*, row_number() OVER (
             PARTITION BY t.agreement_id, t.milestone_id, t.family, t.target_on, (t.fire_at <= $7::timestamptz)
             ORDER BY t.fire_at DESC) AS rank
      FROM timed t
  ),
  plan AS (
    SELECT agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at
      FROM ranked WHERE fire_at > $7::timestamptz OR rank = 1
  )`;

const replanSql = `${planSql},
       cancelled AS (
         UPDATE reminder r SET state = 'cancelled', updated_at = now()
          WHERE r.state = 'pending'
            AND ($9::uuid[] IS NULL OR r.agreement_id = ANY($9::uuid[]))
            AND NOT EXISTS (
              SELECT 1 FROM plan p
               WHERE p.agreement_id = r.agreement_id AND p.milestone_id IS NOT DISTINCT FROM r.milestone_id
                 AND p.kind = r.kind AND p.target_on = r.target_on AND p.offset_days = r.offset_days)
          RETURNING 1
       ),
       planned AS (
         INSERT INTO reminder (agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at)
         SELECT agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at FROM plan
         ON CONFLICT ON CONSTRAINT uq_reminder_slot DO UPDATE
            SET state = 'pending', dispatched_at = NULL, fire_at = EXCLUDED.fire_at, updated_at = now()
          WHERE reminder.state = 'cancelled'
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM planned)::int AS planned`;

/**
 * The claim of due reminders; see ReminderRepository.claimDue.
 *
 * `state = ANY ('{pending}')` means state = 'pending' and proves ix_reminder_due's
 * predicate, but unlike `=` it lets no (state, fire_at) index return rows in fire_at
 * order. ix_reminder_state_fire would walk past every reminder already handed to the
 * queue and not yet sent, on every scan; the planner, led by how closely state follows
 * the physical row order, tends to pick it.
 *
 * A reminder dispatched before (cancelled, then planned again) may have deliveries
 * already: those that were cancelled come back (in-app ones as sent), the rest stay as
 * they are and count when the reminder is settled. The claim is the reminder's one
 * write, so the settlement is decided before it, from the deliveries as they will be.
 * Earlier ones are read as the snapshot shows them: one whose finish committed since
 * may still look pending, which leaves the settling to that finish (the finish statement
 * in reminder-delivery.repository.ts explains why it then does).
 *
 * What the statement reads besides the reminders (agreements, milestones, deliveries
 * from before) it looks up by key, one due row at a time (OFFSET 0 keeps each LATERAL
 * a nested loop): the planner cannot tell how few rows are due, and a hash join would
 * read the whole table even when nothing is.
 *
 * The in-app deliveries written (by reminder) and the claimed reminders come back apart
 * and are matched by dispatchDueReminders: a join of two CTEs, whose sizes the planner
 * does not know, may be planned as a nested loop comparing every pair in the batch. (Planned for a whole
 * batch it would cost enough for JIT compiling; connections run without, see
 * connectionOptions in @mou/database.)
 */
const claimDueSql = `WITH due AS (
         SELECT id, agreement_id, milestone_id, kind, target_on FROM reminder
          WHERE state = ANY ('{pending}') AND dispatched_at IS NULL AND fire_at <= $1
          ORDER BY fire_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ),
       claimed AS (
         SELECT due.*, a.contacts, a.reference, a.title_en, a.title_th, a.lead_agency,
                m.title AS milestone_title, m.owner_agency
           FROM due
          CROSS JOIN LATERAL (
                SELECT contacts, reference, title_en, title_th, lead_agency FROM agreement
                 WHERE id = due.agreement_id OFFSET 0) a
           LEFT JOIN LATERAL (SELECT title, owner_agency FROM milestone WHERE id = due.milestone_id OFFSET 0) m ON true
       ),
       wanted AS (
         SELECT c.id AS reminder_id, 'in-app' AS channel, 'office' AS recipient, NULL::uuid AS webhook_id FROM claimed c
         UNION ALL
         SELECT c.id, 'email', lower(contact), NULL FROM claimed c CROSS JOIN LATERAL unnest(c.contacts) AS contact
         UNION ALL
         SELECT c.id, 'webhook', w.id::text, w.id
           FROM claimed c JOIN webhook w ON w.active AND w.deleted_at IS NULL AND c.kind = ANY(w.events)
       ),
       written AS (
         INSERT INTO reminder_delivery AS d (reminder_id, channel, recipient, webhook_id, state, attempts, sent_at)
         SELECT DISTINCT ON (reminder_id, channel, recipient) reminder_id, channel, recipient, webhook_id,
                CASE WHEN channel = 'in-app' THEN 'sent' ELSE 'pending' END,
                CASE WHEN channel = 'in-app' THEN 1 ELSE 0 END,
                CASE WHEN channel = 'in-app' THEN now() END
           FROM wanted
         ON CONFLICT ON CONSTRAINT uq_reminder_delivery DO UPDATE
            SET state = EXCLUDED.state, attempts = d.attempts + EXCLUDED.attempts, sent_at = EXCLUDED.sent_at,
                enqueued_at = NULL, claimed_until = NULL, updated_at = now()
          WHERE d.state = 'cancelled'
         RETURNING d.id, d.reminder_id, d.channel, d.state, d.attempts, d.last_error, d.updated_at
       ),
       deliveries AS (
         SELECT reminder_id, state, attempts, last_error, updated_at FROM written
         UNION ALL
         SELECT d.reminder_id, d.state, d.attempts, d.last_error, d.updated_at
           FROM claimed c
          CROSS JOIN LATERAL (
                SELECT id, reminder_id, state, attempts, last_error, updated_at FROM reminder_delivery
                 WHERE reminder_id = c.id OFFSET 0) d
          WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.id = d.id)
       ),
       outcome AS (${deliverySummary('deliveries')}),
       dispatched AS (
         UPDATE reminder r
            SET dispatched_at = $1, updated_at = now(),
                state = CASE WHEN o.pending THEN r.state WHEN o.failed THEN 'failed' ELSE 'sent' END,
                sent_at = CASE WHEN o.pending THEN r.sent_at ELSE now() END,
                attempts = CASE WHEN o.pending THEN r.attempts ELSE coalesce(o.attempts, 0) END,
                last_error = CASE WHEN o.pending THEN r.last_error ELSE o.last_error END
           FROM claimed c LEFT JOIN outcome o ON o.reminder_id = c.id
          WHERE r.id = c.id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM dispatched)::int AS dispatched,
              (SELECT json_object_agg(reminder_id, id) FROM written WHERE channel = 'in-app') AS in_app,
              (SELECT json_agg(json_build_object(
                        'reminder_id', c.id, 'kind', c.kind, 'target_on', c.target_on, 'agreement_id', c.agreement_id,
                        'reference', c.reference, 'title_en', c.title_en, 'title_th', c.title_th,
                        'lead_agency', c.lead_agency, 'milestone_id', c.milestone_id,
                        'milestone_title', c.milestone_title, 'owner_agency', c.owner_agency))
                 FROM claimed c) AS reminders`;

registerStatementSamples(import.meta.url, { replan: () => replanSql, claimDue: () => claimDueSql });

/** The plan's parameters, $1–$8 of planSql; $9 is the agreements in scope. */
export interface PlanParameters {
  expiryDays: number[];
  noticeDays: number[];
  milestoneDays: number[];
  overdueEveryDays: number;
  hour: number;
  timeZone: string;
  now: Date;
  today: string;
}

/** What one claim of due reminders wrote. */
export interface DueClaim {
  dispatched: number;
  /** The in-app delivery written for each reminder, by reminder id; null when none was. */
  in_app: Record<string, string> | null;
  /** Every claimed reminder with what its message needs; null when none was claimed. */
  reminders: ReminderMessageRow[] | null;
}

/** The reminder as a retry finds it, locked. */
export type ReminderToRetry = Pick<ReminderRow, 'state' | 'agreement_id' | 'milestone_id' | 'kind'>;

/**
 * The statements of the reminder table: its plan, the claim of due reminders (which
 * writes their deliveries in the same statement) and a retry's reopening. Deliveries'
 * own statements are in reminder-delivery.repository.ts.
 */
@Injectable()
export class ReminderRepository {
  /**
   * One replan per agreement at a time: two edits under one agreement (say, two of its
   * milestones) would otherwise rewrite the same reminder rows in different orders.
   * Held until the caller's transaction ends.
   */
  async lockPlans(runner: Queryable, agreementIds: string[]): Promise<void> {
    await runner.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(id::text, 7201)) FROM unnest($1::uuid[]) AS id ORDER BY id',
      [agreementIds],
    );
  }

  /** Rewrites the plan of the given agreements (or all, with null) in one statement; see planReminders. */
  async replan(
    runner: Queryable,
    agreementIds: string[] | null,
    plan: PlanParameters,
  ): Promise<{ cancelled: number; planned: number }> {
    const row = await queryRow<{ cancelled: number; planned: number }>(runner, replanSql, [
      plan.expiryDays,
      plan.noticeDays,
      plan.milestoneDays,
      plan.overdueEveryDays,
      plan.hour,
      plan.timeZone,
      plan.now,
      plan.today,
      agreementIds,
    ]);
    return { cancelled: row?.cancelled ?? 0, planned: row?.planned ?? 0 };
  }

  /**
   * Claims up to `batch` reminders due at `now` (FOR UPDATE SKIP LOCKED) and writes their
   * deliveries, in-app ones already sent; see dispatchDueReminders.
   */
  async claimDue(runner: Queryable, now: Date, batch: number): Promise<DueClaim> {
    const row = await queryRow<DueClaim>(runner, claimDueSql, [now, batch]);
    return row ?? { dispatched: 0, in_app: null, reminders: null };
  }

  /** The reminder a retry works on, locked as everything that changes its deliveries locks it first. */
  async lockForRetry(runner: Queryable, id: string): Promise<ReminderToRetry | null> {
    return queryRow<ReminderToRetry>(
      runner,
      'SELECT state, agreement_id, milestone_id, kind FROM reminder WHERE id = $1 FOR UPDATE',
      [id],
    );
  }

  /** A retried reminder is pending again until its requeued deliveries settle it. */
  async reopen(runner: Queryable, id: string): Promise<void> {
    await runner.query(`UPDATE reminder SET state = 'pending', updated_at = now() WHERE id = $1`, [id]);
  }
}
