import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import {
  type DeliveryContext,
  type ReminderMessage,
  type ReminderMessageRow,
  notificationValues,
  toDeliveryContext,
} from './channels/delivery-context.js';
import type { DeliveryChannel } from './reminder.vocabulary.js';

/** A way out for one channel. In-app is not here: it is a row written in PostgreSQL. */
export interface OutboundChannel {
  send(context: DeliveryContext, message: ReminderMessage): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'already-done' | 'cancelled' | 'missing' | 'claimed-elsewhere';

interface DeliveryRow extends ReminderMessageRow {
  id: string;
  state: string;
  channel: DeliveryChannel;
  recipient: string;
  reminder_state: string;
  webhook_id: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  webhook_live: boolean | null;
}

/**
 * The statements of the delivery path. Every delivery runs them, so they are named:
 * PostgreSQL parses and plans each once per connection instead of once per delivery.
 */
const statements = {
  /**
   * Reads the delivery with everything a message needs and, when it is still to be sent,
   * claims it. The claim is a lease in PostgreSQL: BullMQ already gives a job to one
   * worker, but after Redis loses its data a delivery can be queued again while its first
   * job is still running. Only the holder of the claim sends; the other job ends, and the
   * requeue sweep covers a holder that died. No claim is taken for a delivery that is
   * settled, or that is to be cancelled (reminder cancelled, webhook gone).
   */
  loadAndClaim: {
    name: 'mou_delivery_load_and_claim',
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
              WHERE d.id = $1
           ),
           claim AS (
             UPDATE reminder_delivery d SET claimed_until = now() + make_interval(secs => $2)
               FROM loaded
              WHERE d.id = loaded.id AND d.state = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < now())
                AND loaded.state = 'pending' AND loaded.reminder_state <> 'cancelled'
                AND (loaded.channel <> 'webhook' OR loaded.webhook_live)
             RETURNING d.id
           )
           SELECT loaded.*, EXISTS (SELECT 1 FROM claim) AS claimed FROM loaded`,
  },
  /** A delivery's outcome ($1 id, $2 state, $3 error; $4 is its reminder), and the reminder settled if it was the last. */
  finish: { name: 'mou_delivery_finish', text: finishSql('') },
  /**
   * An in-app delivery sent: the notification, the "sent" mark and the reminder's
   * settlement in one statement, so all or nothing. Dispatch writes in-app deliveries
   * itself; only one left pending by an earlier version of the worker, or retried after
   * its message failed to render at dispatch, comes this way.
   */
  finishInApp: {
    name: 'mou_delivery_finish_in_app',
    text: finishSql(`notification AS (
                       INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                                 subject_en, subject_th, body_en, body_th, target_on)
                       SELECT $1, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM marked WHERE marked.state = 'sent'
                       ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING
                     ),`),
  },
  /** The reminder $1 settled if none of its deliveries is pending. */
  settle: {
    name: 'mou_delivery_settle',
    text: `WITH ${reminderSql('$1')},
           deliveries AS (SELECT state, attempts, last_error, updated_at FROM reminder_delivery WHERE reminder_id = $1),
           ${settleSql('$1', 'false')}`,
  },
};

/**
 * How a delivery's outcome settles its reminder without a second look.
 *
 * Whatever changes whether a delivery is pending or failed (dispatch, this finish, a
 * retry) also writes the delivery's reminder row in the same transaction, once the
 * reminder is pending. So a statement that finds the reminder row as its snapshot showed
 * it (same xmin) after locking it has seen every sibling delivery as it is, and its verdict
 * stands: the reminder is settled, or a sibling is still pending and its own finish will
 * settle it. Only when the row changed in between (a sibling finished at the same moment)
 * or the reminder is not open is the reminder checked again after commit.
 *
 * `locked` is the reminder row now, locked first so every writer of a reminder's
 * deliveries takes the reminder row before the delivery rows; `seen` is the same row in
 * this statement's snapshot.
 */
function reminderSql(reminder: string): string {
  return `locked AS (SELECT xmin AS version FROM reminder WHERE id = ${reminder} AND state = 'pending' FOR NO KEY UPDATE),
          seen AS (SELECT xmin AS version FROM reminder WHERE id = ${reminder})`;
}

/**
 * Marks delivery $1 with state $2 and error $3, then settles its reminder $4 on the
 * reminder's deliveries as they are with this one marked: the statement's snapshot still
 * shows this one unmarked, so it stands in for itself through what the UPDATE returned.
 * `along` may use `marked`.
 */
function finishSql(along: string): string {
  return `WITH ${reminderSql('$4')},
          marked AS (
            UPDATE reminder_delivery
               SET state = $2, attempts = attempts + CASE WHEN $2 = 'cancelled' THEN 0 ELSE 1 END,
                   last_error = coalesce($3, last_error), sent_at = CASE WHEN $2 = 'sent' THEN now() END,
                   claimed_until = NULL, updated_at = now()
             WHERE id = $1 AND state = 'pending' AND (SELECT count(*) FROM locked) >= 0
            RETURNING state, attempts, last_error, updated_at
          ),
          ${along}
          deliveries AS (
            SELECT state, attempts, last_error, updated_at FROM reminder_delivery
             WHERE reminder_id = $4 AND (id <> $1 OR NOT EXISTS (SELECT 1 FROM marked))
            UNION ALL
            SELECT state, attempts, last_error, updated_at FROM marked
          ),
          ${settleSql('$4', `EXISTS (SELECT 1 FROM marked WHERE state <> 'pending')`)}`;
}

/**
 * Marks reminder `reminder` sent (or failed) once none of `deliveries` (its deliveries) is
 * pending and the statement saw them as they are (see reminderSql); with `touch` it writes
 * the reminder row even when it does not settle it. The deliveries are
 * summed up in one pass over the reminder's few rows: a separate `state = 'pending'` test
 * could be planned on ix_reminder_delivery_pending, which holds every delivery of a burst,
 * and make each settle cost as much as the whole backlog.
 * Returns `settled`; `open`, the reminder is pending; `fresh`, the verdict rests on what is.
 */
function settleSql(reminder: string, touch: string): string {
  return `summary AS (
            SELECT coalesce(bool_or(state = 'failed'), false) AS failed,
                   coalesce(bool_or(state = 'pending'), false) AS pending,
                   coalesce(max(attempts), 0) AS attempts,
                   (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
                   coalesce((SELECT l.version = s.version FROM locked l, seen s), false) AS fresh
              FROM deliveries
          ),
          verdict AS (SELECT *, fresh AND NOT pending AS settles FROM summary),
          touched AS (
            UPDATE reminder r
               SET state = CASE WHEN v.settles THEN CASE WHEN v.failed THEN 'failed' ELSE 'sent' END ELSE r.state END,
                   sent_at = CASE WHEN v.settles THEN now() ELSE r.sent_at END,
                   attempts = CASE WHEN v.settles THEN v.attempts ELSE r.attempts END,
                   last_error = CASE WHEN v.settles THEN v.last_error ELSE r.last_error END,
                   updated_at = now()
              FROM verdict v
             WHERE r.id = ${reminder} AND r.state = 'pending' AND (v.settles OR ${touch})
            RETURNING v.settles
          )
          SELECT EXISTS (SELECT 1 FROM touched WHERE settles) AS settled,
                 EXISTS (SELECT 1 FROM locked) AS open, (SELECT fresh FROM summary) AS fresh`;
}

/** A settle that finds the reminder row changed under it looks again, a few times at most. */
const SETTLE_LOOKS = 5;

interface Verdict {
  settled: boolean;
  open: boolean;
  fresh: boolean;
}

/**
 * Delivers one delivery row. Jobs carry only the id; this re-reads everything, so a job
 * that outlived an edit, a cancellation or a crash acts on the record as it is now.
 * A delivery marked sent is never sent again; in-app notifications are written in the
 * same transaction that marks them sent (at dispatch, or here for the few that come this
 * way), so they are exactly once.
 */
export class ReminderDeliverer {
  private readonly pool: Pool;

  constructor(
    db: DataSource,
    private readonly channels: Record<'email' | 'webhook', OutboundChannel>,
    private readonly render: (context: DeliveryContext) => ReminderMessage,
    private readonly today: () => string,
    /** How long a claim on a delivery holds before another worker may take it over. */
    private readonly claimSeconds: number,
  ) {
    this.pool = (db.driver as PostgresDriver).master as Pool;
  }

  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const { rows } = await this.pool.query<DeliveryRow & { claimed: boolean }>({
      ...statements.loadAndClaim,
      values: [deliveryId, this.claimSeconds],
    });
    const row = rows[0];
    if (!row) return 'missing';
    if (row.state !== 'pending') return 'already-done';
    if (row.reminder_state === 'cancelled' || (row.channel === 'webhook' && !row.webhook_live)) {
      await this.finish(row, 'cancelled', null);
      return 'cancelled';
    }
    if (!row.claimed) return 'claimed-elsewhere';
    const context = toContext(row, this.today());
    try {
      const message = this.render(context);
      if (row.channel === 'in-app') {
        await this.finish(row, 'sent', null, statements.finishInApp, notificationValues(row, message));
      } else {
        await this.channels[row.channel].send(context, message);
        await this.finish(row, 'sent', null);
      }
      return 'sent';
    } catch (error) {
      const reason = (error as Error).message?.slice(0, 1000) ?? String(error);
      await this.finish(row, finalAttempt ? 'failed' : 'pending', reason);
      throw error;
    }
  }

  /**
   * Records the outcome and, when it was the reminder's last delivery to settle, settles
   * the reminder in the same statement. That statement cannot see a sibling delivery that
   * settles at the same moment, nor the sibling this one; but it can tell when that
   * happened, as the reminder row it locks is then no longer the one its snapshot shows
   * (see reminderSql). Only then, or when the reminder is not pending, is the reminder
   * checked again once this outcome is committed, and of two siblings the later check
   * always sees both. A delivery left pending, to be tried again, settles nothing yet.
   */
  private async finish(
    row: DeliveryRow,
    state: 'sent' | 'failed' | 'pending' | 'cancelled',
    error: string | null,
    statement: { name: string; text: string } = statements.finish,
    more: unknown[] = [],
  ): Promise<void> {
    const { rows } = await this.pool.query<Verdict>({
      ...statement,
      values: [row.id, state, error, row.reminder_id, ...more],
    });
    const [finished] = rows;
    if (state === 'pending' || finished.settled || (finished.open && finished.fresh)) return;
    for (let look = 0; look < SETTLE_LOOKS; look++) {
      const [settle] = (await this.pool.query<Verdict>({ ...statements.settle, values: [row.reminder_id] })).rows;
      if (settle.settled || !settle.open || settle.fresh) return;
    }
  }
}

function toContext(row: DeliveryRow, today: string): DeliveryContext {
  const webhook =
    row.webhook_id && row.webhook_url && row.webhook_secret
      ? { id: row.webhook_id, url: row.webhook_url, secret: row.webhook_secret }
      : null;
  return toDeliveryContext(row, { deliveryId: row.id, channel: row.channel, recipient: row.recipient, webhook }, today);
}
