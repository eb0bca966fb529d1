import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  type Queryable,
  type ReminderDeliveryRow,
  type ReminderRow,
  type WebhookRow,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import type { ReminderMessageRow } from './channels/delivery-context.js';

/**
 * Each reminder's deliveries summed up, from a `deliveries` relation (reminder_id, state,
 * attempts, last_error, updated_at): any still pending, any failed, the most attempts, the
 * latest error. Once none is pending the reminder is settled from it, failed if any
 * delivery failed, else sent; dispatch and the finish statement both settle this way.
 * (A function of the relation's name only so the fragment is not mistaken for a statement.)
 */
export const deliverySummary = (deliveries: 'deliveries'): string => `
  SELECT reminder_id, bool_or(state = 'pending') AS pending, bool_or(state = 'failed') AS failed,
         max(attempts) AS attempts,
         (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
    FROM ${deliveries} GROUP BY reminder_id`;

export interface DeliveryToEnqueue {
  id: ReminderDeliveryRow['id'];
  /** Handed over before and not settled since: its old job may linger in Redis. */
  requeue: boolean;
  /** Manual retries so far; part of the job id so a retry never collides with the old job. */
  round: ReminderDeliveryRow['retry_round'];
}

/** A delivery with everything its message needs, as the delivery path reads it. */
export interface LoadedDelivery extends ReminderMessageRow {
  id: ReminderDeliveryRow['id'];
  state: ReminderDeliveryRow['state'];
  channel: ReminderDeliveryRow['channel'];
  recipient: ReminderDeliveryRow['recipient'];
  reminder_state: ReminderRow['state'];
  webhook_id: WebhookRow['id'] | null;
  webhook_url: WebhookRow['url'] | null;
  webhook_secret: WebhookRow['secret'] | null;
  /** Null when the delivery has no webhook. */
  webhook_live: boolean | null;
  /** This load holds the claim: only its holder sends. */
  claimed: boolean;
}

/** One delivery's outcome to record. */
export interface DeliveryFinish {
  id: ReminderDeliveryRow['id'];
  reminderId: ReminderRow['id'];
  /** The new state; null only looks at the reminder again (see ReminderDeliverer.finish). */
  state: ReminderDeliveryRow['state'] | null;
  error: string | null;
  /** An in-app delivery sent here: its notification's columns, in notificationValues' order. */
  notification: unknown[] | null;
}

/** What the finish statement found for a delivery's reminder. */
export interface DeliveryVerdict {
  reminder_id: ReminderRow['id'];
  settled: boolean;
  open: boolean;
  fresh: boolean;
}

/**
 * The delivery path's two statements. Each takes a batch of deliveries (see
 * StatementBatcher), and each is named, so PostgreSQL parses and plans it once per
 * connection.
 */
const statements = {
  /**
   * Reads deliveries ($1) with everything a message needs and claims those still to be
   * sent for $2 seconds. The claim is a lease in PostgreSQL: BullMQ already gives a job
   * to one worker, but after Redis loses its data a delivery can be queued again while
   * its first job is still running. Only the holder of the claim sends; the other job
   * ends, and the requeue sweep covers a holder that died. No claim is taken for a
   * delivery that is settled, or that is to be cancelled (reminder cancelled, webhook
   * gone). Rows are locked in id order, so two batches never wait on each other in a ring.
   */
  loadAndClaim: {
    name: 'mou_delivery_load_and_claim_batch',
    text: `WITH loaded AS (
             SELECT d.id, d.state, d.channel, d.recipient, r.id AS reminder_id, r.state AS reminder_state, r.kind, r.target_on,
                    a.id AS agreement_id, a.reference, a.title_en, a.title_th, a.lead_agency,
                    m.id AS milestone_id, m.title AS milestone_title, m.owner_agency,
                    w.id AS webhook_id, w.url AS webhook_url, w.secret AS webhook_secret,
                    (w.active AND w.deleted_at IS NULL) AS webhook_live
               FROM reminder_delivery d
               JOIN reminder r ON r.id = d.reminder_id
               JOIN agreement a ON a.id = r.agreement_id
               LEFT JOIN milestone m ON m.id = r.milestone_id
               LEFT JOIN webhook w ON w.id = d.webhook_id
              WHERE d.id = ANY ($1::uuid[])
           ),
           claimable AS (
             SELECT d.id FROM reminder_delivery d JOIN loaded ON loaded.id = d.id
              WHERE d.state = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
                AND loaded.reminder_state <> 'cancelled' AND (loaded.channel <> 'webhook' OR loaded.webhook_live)
              ORDER BY d.id
                FOR NO KEY UPDATE OF d
           ),
           claim AS (
             UPDATE reminder_delivery d SET claimed_until = now() + make_interval(secs => $2)
               FROM claimable c
              WHERE d.id = c.id
             RETURNING d.id
           )
           SELECT loaded.*, claim.id IS NOT NULL AS claimed FROM loaded LEFT JOIN claim ON claim.id = loaded.id`,
  },
  /**
   * Records deliveries' outcomes and settles each reminder whose last delivery this was.
   * One row per delivery: $1 id, $2 reminder, $3 new state (NULL: only look at the
   * reminder again, see ReminderDeliverer.finish), $4 error, and for an in-app delivery
   * sent here its notification ($5–$12 in notificationValues' order; NULL for other channels), written in the
   * same statement so it exists exactly when the delivery is marked sent.
   *
   * How a reminder is settled without a second look: whatever changes whether a delivery
   * is pending or failed (dispatch, this statement, a retry) also writes the delivery's
   * reminder row in the same transaction, once the reminder is pending. So a statement
   * that finds the reminder row as its snapshot showed it (same xmin) after locking it has
   * seen every sibling delivery as it is, and its verdict stands: the reminder is settled,
   * or a sibling is still pending and its own finish will settle it. `locked` takes the
   * reminder rows first (every writer of a reminder's deliveries does, in id order), `seen`
   * is the same rows in this statement's snapshot. The snapshot still shows the marked
   * deliveries unmarked, so they stand in for themselves through what the UPDATE returned.
   *
   * A reminder's deliveries are summed up in one pass over its few rows: a separate
   * `state = 'pending'` test could be planned on ix_reminder_delivery_pending, which holds
   * every delivery of a burst. Returns per reminder `settled`; `open`, the reminder is
   * pending; `fresh`, the verdict rests on what is.
   */
  finish: {
    name: 'mou_delivery_finish_batch',
    text: `WITH input AS (
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
                                  $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::date[])
                        AS i(id, reminder_id, state, error, agreement_id, milestone_id, kind,
                             subject_en, subject_th, body_en, body_th, target_on)
           ),
           locked AS (
             SELECT id, xmin AS version FROM reminder
              WHERE id IN (SELECT reminder_id FROM input) AND state = 'pending'
              ORDER BY id FOR NO KEY UPDATE
           ),
           seen AS (SELECT id, xmin AS version FROM reminder WHERE id IN (SELECT reminder_id FROM input)),
           marked AS (
             UPDATE reminder_delivery d
                SET state = i.state, attempts = d.attempts + CASE WHEN i.state = 'cancelled' THEN 0 ELSE 1 END,
                    last_error = coalesce(i.error, d.last_error), sent_at = CASE WHEN i.state = 'sent' THEN now() END,
                    claimed_until = NULL, updated_at = now()
               FROM input i
              WHERE d.id = i.id AND i.state IS NOT NULL AND d.state = 'pending' AND (SELECT count(*) FROM locked) >= 0
             RETURNING d.id, d.reminder_id, d.state, d.attempts, d.last_error, d.updated_at
           ),
           notified AS (
             INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                       subject_en, subject_th, body_en, body_th, target_on)
             SELECT i.id, i.reminder_id, i.agreement_id, i.milestone_id, i.kind,
                    i.subject_en, i.subject_th, i.body_en, i.body_th, i.target_on
               FROM marked m JOIN input i ON i.id = m.id
              WHERE m.state = 'sent' AND i.subject_en IS NOT NULL
             ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING
           ),
           deliveries AS (
             -- A reminder's deliveries by uq_reminder_delivery, one reminder at a time (the
             -- lateral OFFSET 0 keeps the planner from hashing the whole table instead).
             SELECT d.reminder_id, d.state, d.attempts, d.last_error, d.updated_at
               FROM (SELECT DISTINCT reminder_id FROM input) x
              CROSS JOIN LATERAL (
                    SELECT id, reminder_id, state, attempts, last_error, updated_at FROM reminder_delivery
                     WHERE reminder_id = x.reminder_id OFFSET 0) d
              WHERE NOT EXISTS (SELECT 1 FROM marked m WHERE m.id = d.id)
             UNION ALL
             SELECT reminder_id, state, attempts, last_error, updated_at FROM marked
           ),
           verdict AS (
             SELECT s.reminder_id, s.failed, s.attempts, s.last_error, l.id IS NOT NULL AS open,
                    coalesce(l.version = v.version, false) AS fresh,
                    coalesce(l.version = v.version, false) AND NOT s.pending AS settles,
                    EXISTS (SELECT 1 FROM marked m WHERE m.reminder_id = s.reminder_id AND m.state <> 'pending') AS touch
               FROM (${deliverySummary('deliveries')}) s
               LEFT JOIN locked l ON l.id = s.reminder_id
               LEFT JOIN seen v ON v.id = s.reminder_id
           ),
           touched AS (
             UPDATE reminder r
                SET state = CASE WHEN v.settles THEN CASE WHEN v.failed THEN 'failed' ELSE 'sent' END ELSE r.state END,
                    sent_at = CASE WHEN v.settles THEN now() ELSE r.sent_at END,
                    attempts = CASE WHEN v.settles THEN v.attempts ELSE r.attempts END,
                    last_error = CASE WHEN v.settles THEN v.last_error ELSE r.last_error END,
                    updated_at = now()
               FROM verdict v
              WHERE r.id = v.reminder_id AND r.state = 'pending' AND (v.settles OR v.touch)
             RETURNING r.id, v.settles
           )
           SELECT v.reminder_id, coalesce(t.settles, false) AS settled, v.open, v.fresh
             FROM verdict v LEFT JOIN touched t ON t.id = v.reminder_id`,
  },
};

registerStatementSamples(import.meta.url, { finish: () => statements.finish.text });

/**
 * The statements of reminder_delivery (and of the notifications its in-app deliveries
 * write): handing deliveries to the queue, delivering them, settling their reminders.
 * Everything that changes whether a delivery is pending or failed locks its reminder row
 * first, in id order (see the finish statement); keep it so in any statement added here.
 */
@Injectable()
export class ReminderDeliveryRepository {
  /**
   * Pending deliveries that no queue holds, or that were handed over longer ago than
   * `requeueAfterSeconds` (a lost Redis, a crashed enqueue, a job BullMQ gave up on as
   * stalled), marked as handed over now. `requeue` tells the second case from the first.
   * The caller enqueues them under deterministic job ids, so a duplicate is a no-op.
   * Each kind is its own bounded range of ix_reminder_delivery_pending (never handed over,
   * then handed over before the cut-off), so a scan that finds nothing ready reads almost
   * nothing, however many deliveries are in the queue's hands.
   */
  async claimToEnqueue(
    runner: Queryable,
    now: Date,
    requeueAfterSeconds: number,
    batch: number,
  ): Promise<DeliveryToEnqueue[]> {
    return queryRows<DeliveryToEnqueue>(
      runner,
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
  }

  /** After Redis lost its data, every pending delivery must be handed over again at once. */
  async forgetEnqueued(runner: Queryable): Promise<number> {
    const row = await queryRow<{ forgotten: number }>(
      runner,
      `WITH forgotten AS (
       UPDATE reminder_delivery SET enqueued_at = NULL, updated_at = now()
        WHERE state = 'pending' AND enqueued_at IS NOT NULL RETURNING 1
     )
     SELECT count(*)::int AS forgotten FROM forgotten`,
    );
    return row?.forgotten ?? 0;
  }

  /**
   * The notifications of in-app deliveries, in one statement; each row is a delivery id,
   * its reminder id, then notificationValues.
   */
  async insertNotifications(runner: Queryable, rows: readonly unknown[][]): Promise<void> {
    const columns: unknown[][] = Array.from({ length: 10 }, () => []);
    for (const values of rows) values.forEach((value, i) => columns[i].push(value));
    await runner.query(
      `INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                 subject_en, subject_th, body_en, body_th, target_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],
                            $6::text[], $7::text[], $8::text[], $9::text[], $10::date[])
       ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING`,
      columns,
    );
  }

  /**
   * In-app deliveries whose message could not be rendered, marked failed, and their
   * reminder with them when the claim had settled it as sent.
   */
  async failUnrendered(runner: Queryable, ids: string[], errors: string[]): Promise<void> {
    await runner.query(
      `WITH failed AS (
         UPDATE reminder_delivery d SET state = 'failed', sent_at = NULL, last_error = f.error, updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS f (id, error)
          WHERE d.id = f.id
         RETURNING d.reminder_id, f.error
       )
       UPDATE reminder r SET state = 'failed', last_error = failed.error, updated_at = now()
         FROM failed WHERE r.id = failed.reminder_id AND r.state = 'sent'`,
      [ids, errors],
    );
  }

  /** A reminder's failed deliveries made pending again for the next scan; their ids, in order. */
  async requeueFailed(runner: Queryable, reminderId: string): Promise<string[]> {
    const rows = await queryRows<Pick<ReminderDeliveryRow, 'id'>>(
      runner,
      `WITH d AS (
           UPDATE reminder_delivery
              SET state = 'pending', enqueued_at = NULL, retry_round = retry_round + 1, updated_at = now()
            WHERE reminder_id = $1 AND state = 'failed'
           RETURNING id)
         SELECT id FROM d ORDER BY id`,
      [reminderId],
    );
    return rows.map((row) => row.id);
  }

  /** Loads deliveries by id and claims, for `claimSeconds`, those still to be sent (see the statement). */
  async loadAndClaim(pool: Pool, ids: readonly string[], claimSeconds: number): Promise<LoadedDelivery[]> {
    const { rows } = await pool.query<LoadedDelivery>({ ...statements.loadAndClaim, values: [ids, claimSeconds] });
    return rows;
  }

  /** Records outcomes and settles the reminders whose last delivery they were (see the statement). */
  async finish(pool: Pool, outcomes: readonly DeliveryFinish[]): Promise<DeliveryVerdict[]> {
    // One array per column, as the statement unnests them; a notification's are $5–$12.
    const notificationColumns = Array.from({ length: 8 }, (_, at) =>
      outcomes.map(({ notification }) => notification?.[at] ?? null),
    );
    const { rows } = await pool.query<DeliveryVerdict>({
      ...statements.finish,
      values: [
        outcomes.map(({ id }) => id),
        outcomes.map(({ reminderId }) => reminderId),
        outcomes.map(({ state }) => state),
        outcomes.map(({ error }) => error),
        ...notificationColumns,
      ],
    });
    return rows;
  }
}
