import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import {
  type DeliveryContext,
  type ReminderMessage,
  type ReminderMessageRow,
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
    text: `WITH deliveries AS (SELECT state, attempts, last_error, updated_at FROM reminder_delivery WHERE reminder_id = $1),
           ${settleSql('$1')}
           SELECT EXISTS (SELECT 1 FROM settled) AS settled`,
  },
};

/**
 * Marks delivery $1 with state $2 and error $3, then settles its reminder $4 on the
 * reminder's deliveries as they are with this one marked: the statement's snapshot still
 * shows this one unmarked, so it stands in for itself through what the UPDATE returned.
 * `along` may use `marked`.
 */
function finishSql(along: string): string {
  return `WITH marked AS (
            UPDATE reminder_delivery
               SET state = $2, attempts = attempts + CASE WHEN $2 = 'cancelled' THEN 0 ELSE 1 END,
                   last_error = coalesce($3, last_error), sent_at = CASE WHEN $2 = 'sent' THEN now() END,
                   claimed_until = NULL, updated_at = now()
             WHERE id = $1 AND state = 'pending'
            RETURNING state, attempts, last_error, updated_at
          ),
          ${along}
          deliveries AS (
            SELECT state, attempts, last_error, updated_at FROM reminder_delivery
             WHERE reminder_id = $4 AND (id <> $1 OR NOT EXISTS (SELECT 1 FROM marked))
            UNION ALL
            SELECT state, attempts, last_error, updated_at FROM marked
          ),
          ${settleSql('$4')}
          SELECT EXISTS (SELECT 1 FROM settled) AS settled`;
}

/**
 * Marks reminder `reminder` sent (or failed) once none of `deliveries` (its deliveries) is
 * pending. They are summed up in one pass over the reminder's few rows: a separate
 * `state = 'pending'` test could be planned on ix_reminder_delivery_pending, which holds
 * every delivery of a burst, and make each settle cost as much as the whole backlog.
 */
function settleSql(reminder: string): string {
  return `settled AS (
            UPDATE reminder r
               SET state = CASE WHEN d.failed THEN 'failed' ELSE 'sent' END,
                   sent_at = now(), attempts = d.attempts, last_error = d.last_error, updated_at = now()
              FROM (SELECT coalesce(bool_or(state = 'failed'), false) AS failed,
                           coalesce(bool_or(state = 'pending'), false) AS pending,
                           coalesce(max(attempts), 0) AS attempts,
                           (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1]
                             AS last_error
                      FROM deliveries) d
             WHERE r.id = ${reminder} AND r.state = 'pending' AND NOT d.pending
            RETURNING 1
          )`;
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
        await this.finish(row, 'sent', null, statements.finishInApp, [
          row.agreement_id,
          row.milestone_id,
          row.kind,
          message.subjectEn,
          message.subjectTh,
          message.bodyEn,
          message.bodyTh,
          row.target_on,
        ]);
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
   * settles at the same moment, nor the sibling this one: so unless it settled the
   * reminder, the reminder is checked again once this outcome is committed, and of two
   * siblings the later check always sees both.
   */
  private async finish(
    row: DeliveryRow,
    state: 'sent' | 'failed' | 'pending' | 'cancelled',
    error: string | null,
    statement: { name: string; text: string } = statements.finish,
    more: unknown[] = [],
  ): Promise<void> {
    const { rows } = await this.pool.query<{ settled: boolean }>({
      ...statement,
      values: [row.id, state, error, row.reminder_id, ...more],
    });
    if (!rows[0].settled) await this.pool.query({ ...statements.settle, values: [row.reminder_id] });
  }
}

function toContext(row: DeliveryRow, today: string): DeliveryContext {
  const webhook =
    row.webhook_id && row.webhook_url && row.webhook_secret
      ? { id: row.webhook_id, url: row.webhook_url, secret: row.webhook_secret }
      : null;
  return toDeliveryContext(row, { deliveryId: row.id, channel: row.channel, recipient: row.recipient, webhook }, today);
}
