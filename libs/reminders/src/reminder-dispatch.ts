import type { EntityManager } from 'typeorm';

/**
 * Claims due reminders (FOR UPDATE SKIP LOCKED, so several workers never take the same
 * row) and writes one delivery row per channel and recipient. The unique delivery row is
 * the once-only guard: however often this runs, a recipient gets one delivery per reminder.
 */
export async function dispatchDueReminders(manager: EntityManager, now: Date, batch: number): Promise<number> {
  // `state = ANY ('{pending}')` means state = 'pending' and proves ix_reminder_due's
  // predicate, but unlike `=` it lets no (state, fire_at) index return rows in fire_at
  // order. ix_reminder_state_fire would walk past every reminder already handed to the
  // queue and not yet sent, on every scan; the planner, led by how closely state follows
  // the physical row order, tends to pick it.
  const [{ dispatched }] = await manager.query(
    `WITH due AS (
       SELECT id FROM reminder
        WHERE state = ANY ('{pending}') AND dispatched_at IS NULL AND fire_at <= $1
        ORDER BY fire_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     ),
     claimed AS (
       UPDATE reminder r SET dispatched_at = $1, updated_at = now()
         FROM due WHERE r.id = due.id
       RETURNING r.id, r.agreement_id, r.kind
     ),
     wanted AS (
       SELECT c.id AS reminder_id, 'in-app' AS channel, 'office' AS recipient, NULL::uuid AS webhook_id FROM claimed c
       UNION ALL
       SELECT c.id, 'email', lower(contact), NULL
         FROM claimed c JOIN agreement a ON a.id = c.agreement_id CROSS JOIN LATERAL unnest(a.contacts) AS contact
       UNION ALL
       SELECT c.id, 'webhook', w.id::text, w.id
         FROM claimed c JOIN webhook w ON w.active AND w.deleted_at IS NULL AND c.kind = ANY(w.events)
     ),
     inserted AS (
       INSERT INTO reminder_delivery (reminder_id, channel, recipient, webhook_id)
       SELECT DISTINCT ON (reminder_id, channel, recipient) reminder_id, channel, recipient, webhook_id FROM wanted
       ON CONFLICT ON CONSTRAINT uq_reminder_delivery DO UPDATE
          SET state = 'pending', enqueued_at = NULL, updated_at = now()
        WHERE reminder_delivery.state = 'cancelled'
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM claimed)::int AS dispatched, (SELECT count(*) FROM inserted)::int AS deliveries`,
    [now, batch],
  );
  return dispatched;
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
 */
export async function claimDeliveriesToEnqueue(
  manager: EntityManager,
  now: Date,
  requeueAfterSeconds: number,
  batch: number,
): Promise<DeliveryToEnqueue[]> {
  const rows: DeliveryToEnqueue[] = await manager.query(
    `WITH ready AS (
       SELECT id, enqueued_at IS NOT NULL AS requeue, retry_round AS round FROM reminder_delivery
        WHERE state = 'pending' AND (enqueued_at IS NULL OR enqueued_at < $1::timestamptz - make_interval(secs => $2))
        ORDER BY enqueued_at NULLS FIRST
        LIMIT $3
        FOR UPDATE SKIP LOCKED
     ),
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
