import type { EntityManager } from 'typeorm';
import { loadAppConfig } from '@mou/config';
import { FixedClock } from '@mou/domain';
import {
  type DeliveryContext,
  type ReminderMessage,
  type ReminderMessageRow,
  notificationValues,
  toDeliveryContext,
} from './channels/delivery-context.js';
import { deliverySummarySql } from './delivery.statements.js';
import { renderReminderMessage } from './reminder-message.js';

export interface DispatchOptions {
  /** The office's zone: a notification counts its days left from the office's date at `now`. Default OFFICE_TIMEZONE. */
  timeZone?: string;
  /** Words of an in-app notification; the product's own unless a test swaps them. */
  render?: (context: DeliveryContext) => ReminderMessage;
}

/** An in-app delivery the claim wrote as sent, with what its notification says. */
type InAppRow = ReminderMessageRow & { delivery_id: string };

/**
 * Claims due reminders (FOR UPDATE SKIP LOCKED, so several workers never take the same
 * row) and writes one delivery row per channel and recipient. The unique delivery row is
 * the once-only guard: however often this runs, a recipient gets one delivery per reminder.
 *
 * In-app deliveries need no queue: the claim writes them already sent, and their
 * notifications follow in one more statement of the same transaction, so the claim, the
 * "sent" mark and the notification commit together or not at all. A reminder whose
 * deliveries are then all settled (in-app only) is settled here too. Only email and
 * webhook deliveries are left pending, for the queue.
 */
export async function dispatchDueReminders(
  manager: EntityManager,
  now: Date,
  batch: number,
  options: DispatchOptions = {},
): Promise<number> {
  // `state = ANY ('{pending}')` means state = 'pending' and proves ix_reminder_due's
  // predicate, but unlike `=` it lets no (state, fire_at) index return rows in fire_at
  // order. ix_reminder_state_fire would walk past every reminder already handed to the
  // queue and not yet sent, on every scan; the planner, led by how closely state follows
  // the physical row order, tends to pick it.
  //
  // A reminder dispatched before (cancelled, then planned again) may have deliveries
  // already: those that were cancelled come back (in-app ones as sent), the rest stay as
  // they are and count when the reminder is settled. The claim is the reminder's one
  // write, so the settlement is decided before it, from the deliveries as they will be.
  // Earlier ones are read as the snapshot shows them: one whose finish committed since
  // may still look pending, which leaves the settling to that finish (the finish statement
  // in delivery.statements.ts explains why it then does).
  //
  // What the statement reads besides the reminders (agreements, milestones, deliveries
  // from before) it looks up by key, one due row at a time (OFFSET 0 keeps each LATERAL
  // a nested loop): the planner cannot tell how few rows are due, and a hash join would
  // read the whole table even when nothing is.
  //
  // The in-app deliveries written (by reminder) and the claimed reminders come back apart
  // and are matched here: a join of two CTEs, whose sizes the planner does not know, may
  // be planned as a nested loop comparing every pair in the batch. (Planned for a whole
  // batch it would cost enough for JIT compiling; connections run without, see
  // connectionOptions in @mou/database.)
  const [{ dispatched, in_app: inApp, reminders }]: Array<{
    dispatched: number;
    in_app: Record<string, string> | null;
    reminders: ReminderMessageRow[] | null;
  }> = await manager.query(
    `WITH due AS (
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
       outcome AS (${deliverySummarySql}),
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
                 FROM claimed c) AS reminders`,
    [now, batch],
  );
  if (inApp && reminders) {
    const written = reminders.flatMap((row) =>
      inApp[row.reminder_id] ? [{ ...row, delivery_id: inApp[row.reminder_id] }] : [],
    );
    await writeNotifications(manager, written, now, options);
  }
  return dispatched;
}

/**
 * The notifications of the in-app deliveries a claim wrote, rendered here and inserted in
 * one statement. A message that cannot be rendered (a broken row) must not hold the whole
 * batch back: its delivery is marked failed instead, and its reminder with it when that
 * was its last delivery; a retry (POST /reminders/:id/retry) hands it to the queue.
 */
async function writeNotifications(
  manager: EntityManager,
  rows: InAppRow[],
  now: Date,
  options: DispatchOptions,
): Promise<void> {
  const today = new FixedClock(now, options.timeZone ?? loadAppConfig().officeTimezone).today();
  const render = options.render ?? renderReminderMessage;
  const columns: unknown[][] = Array.from({ length: 10 }, () => []);
  const failed: { ids: string[]; errors: string[] } = { ids: [], errors: [] };
  for (const row of rows) {
    const context = toDeliveryContext(
      row,
      { deliveryId: row.delivery_id, channel: 'in-app', recipient: 'office', webhook: null },
      today,
    );
    let message: ReminderMessage;
    try {
      message = render(context);
    } catch (error) {
      failed.ids.push(row.delivery_id);
      failed.errors.push((error as Error).message?.slice(0, 1000) ?? String(error));
      continue;
    }
    const values = [row.delivery_id, row.reminder_id, ...notificationValues(row, message)];
    values.forEach((value, i) => columns[i].push(value));
  }
  if (columns[0].length) {
    await manager.query(
      `INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                 subject_en, subject_th, body_en, body_th, target_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],
                            $6::text[], $7::text[], $8::text[], $9::text[], $10::date[])
       ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING`,
      columns,
    );
  }
  if (failed.ids.length) {
    await manager.query(
      `WITH failed AS (
         UPDATE reminder_delivery d SET state = 'failed', sent_at = NULL, last_error = f.error, updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS f (id, error)
          WHERE d.id = f.id
         RETURNING d.reminder_id, f.error
       )
       UPDATE reminder r SET state = 'failed', last_error = failed.error, updated_at = now()
         FROM failed WHERE r.id = failed.reminder_id AND r.state = 'sent'`,
      [failed.ids, failed.errors],
    );
  }
}

export interface DeliveryToEnqueue {
  id: string;
  /** Handed over before and not settled since: its old job may linger in Redis. */
  requeue: boolean;
  /** Manual retries so far; part of the job id so a retry never collides with the old job. */
  round: number;
}

/**
 * Pending deliveries that no queue holds, or that were handed over longer ago than
 * `requeueAfterSeconds` (a lost Redis, a crashed enqueue, a job BullMQ gave up on as
 * stalled), marked as handed over now. `requeue` tells the second case from the first.
 * The caller enqueues them under deterministic job ids, so a duplicate is a no-op.
 * Each kind is its own bounded range of ix_reminder_delivery_pending (never handed over,
 * then handed over before the cut-off), so a scan that finds nothing ready reads almost
 * nothing, however many deliveries are in the queue's hands.
 */
export async function claimDeliveriesToEnqueue(
  manager: EntityManager,
  now: Date,
  requeueAfterSeconds: number,
  batch: number,
): Promise<DeliveryToEnqueue[]> {
  const rows: DeliveryToEnqueue[] = await manager.query(
    `WITH fresh AS (
       SELECT id, false AS requeue, retry_round AS round FROM reminder_delivery
        WHERE state = 'pending' AND enqueued_at IS NULL
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     ),
     stale AS (
       SELECT id, true AS requeue, retry_round AS round FROM reminder_delivery
        WHERE state = 'pending' AND enqueued_at < $1::timestamptz - make_interval(secs => $2)
        ORDER BY enqueued_at
        LIMIT greatest($3 - (SELECT count(*) FROM fresh), 0)
        FOR UPDATE SKIP LOCKED
     ),
     ready AS (SELECT * FROM fresh UNION ALL SELECT * FROM stale),
     handed AS (
       UPDATE reminder_delivery d SET enqueued_at = $1, updated_at = now()
         FROM ready WHERE d.id = ready.id
       RETURNING d.id, ready.requeue, ready.round
     )
     SELECT id, requeue, round FROM handed`,
    [now, requeueAfterSeconds, batch],
  );
  return rows;
}

/** After Redis lost its data, every pending delivery must be handed over again at once. */
export async function forgetEnqueued(manager: EntityManager): Promise<number> {
  const [{ forgotten }] = await manager.query(
    `WITH forgotten AS (
       UPDATE reminder_delivery SET enqueued_at = NULL, updated_at = now()
        WHERE state = 'pending' AND enqueued_at IS NOT NULL RETURNING 1
     )
     SELECT count(*)::int AS forgotten FROM forgotten`,
  );
  return forgotten;
}
