import type { EntityManager } from 'typeorm';
import type { ReminderPolicy } from './reminder.vocabulary.js';

export interface PlanContext {
  defaults: ReminderPolicy;
  /** Office hour at which a day's reminders go out, in timeZone. */
  hour: number;
  timeZone: string;
  now: Date;
  /** The office's date at `now`. */
  today: string;
}

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

/**
 * Rewrites the reminder plan of the given agreements (or of all, with `null`) in one
 * set-based pass, inside the caller's transaction: slots no longer wanted are cancelled
 * (sent ones are history and stay), new ones are added, cancelled ones wanted again
 * come back. Call it in the same transaction as any change that moves a date or a status.
 */
export async function planReminders(
  manager: EntityManager,
  agreementIds: string[] | null,
  context: PlanContext,
): Promise<{ cancelled: number; planned: number }> {
  const params = [
    context.defaults.expiry,
    context.defaults.notice,
    context.defaults.milestone,
    context.defaults.overdueEveryDays,
    context.hour,
    context.timeZone,
    context.now,
    context.today,
    agreementIds,
  ];
  if (agreementIds) {
    // One replan per agreement at a time: two edits under one agreement (say, two of its
    // milestones) would otherwise rewrite the same reminder rows in different orders.
    await manager.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(id::text, 7201)) FROM unnest($1::uuid[]) AS id ORDER BY id',
      [agreementIds],
    );
  }
  const [{ cancelled, planned }] = await manager.query(
    `${planSql},
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
       SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM planned)::int AS planned`,
    params,
  );
  return { cancelled, planned };
}
