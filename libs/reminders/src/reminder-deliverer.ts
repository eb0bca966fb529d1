import type { DataSource, EntityManager } from 'typeorm';
import { daysBetween } from '@mou/domain';
import type { DeliveryContext, ReminderMessage } from './channels/delivery-context.js';
import type { DeliveryChannel, ReminderKind } from './reminder.vocabulary.js';

/** A way out for one channel. In-app is not here: it is a row written in PostgreSQL. */
export interface OutboundChannel {
  send(context: DeliveryContext, message: ReminderMessage): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'already-done' | 'cancelled' | 'missing' | 'claimed-elsewhere';

interface DeliveryRow {
  id: string;
  state: string;
  channel: DeliveryChannel;
  recipient: string;
  reminder_id: string;
  reminder_state: string;
  kind: ReminderKind;
  target_on: string;
  agreement_id: string;
  reference: string;
  title_en: string | null;
  title_th: string | null;
  lead_agency: string;
  milestone_id: string | null;
  milestone_title: string | null;
  owner_agency: string | null;
  webhook_id: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  webhook_live: boolean | null;
}

/**
 * Delivers one delivery row. Jobs carry only the id; this re-reads everything, so a job
 * that outlived an edit, a cancellation or a crash acts on the record as it is now.
 * A delivery marked sent is never sent again; in-app notifications are written in the
 * same transaction that marks them sent, so they are exactly once.
 */
export class ReminderDeliverer {
  constructor(
    private readonly db: DataSource,
    private readonly channels: Record<'email' | 'webhook', OutboundChannel>,
    private readonly render: (context: DeliveryContext) => ReminderMessage,
    private readonly today: () => string,
    /** How long a claim on a delivery holds before another worker may take it over. */
    private readonly claimSeconds: number,
  ) {}

  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.load(deliveryId);
    if (!row) return 'missing';
    if (row.state !== 'pending') return 'already-done';
    if (row.reminder_state === 'cancelled' || (row.channel === 'webhook' && !row.webhook_live)) {
      await this.finish(this.db.manager, row, 'cancelled', null);
      return 'cancelled';
    }
    if (!(await this.claim(row.id))) return 'claimed-elsewhere';
    const context = toContext(row, this.today());
    try {
      const message = this.render(context);
      if (row.channel === 'in-app') {
        let settled = false;
        await this.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO notification (delivery_id, reminder_id, agreement_id, milestone_id, kind,
                                       subject_en, subject_th, body_en, body_th, target_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT ON CONSTRAINT uq_notification_delivery DO NOTHING`,
            [
              row.id,
              row.reminder_id,
              row.agreement_id,
              row.milestone_id,
              row.kind,
              message.subjectEn,
              message.subjectTh,
              message.bodyEn,
              message.bodyTh,
              row.target_on,
            ],
          );
          settled = await this.finish(tx, row, 'sent', null);
        });
        // A sibling delivery that settled while this transaction was open could not see this
        // one settled, nor this one it: with this one committed, check the reminder again.
        if (!settled) await this.settleReminder(this.db.manager, row.reminder_id);
      } else {
        await this.channels[row.channel].send(context, message);
        await this.finish(this.db.manager, row, 'sent', null);
      }
      return 'sent';
    } catch (error) {
      const reason = (error as Error).message?.slice(0, 1000) ?? String(error);
      await this.finish(this.db.manager, row, finalAttempt ? 'failed' : 'pending', reason);
      throw error;
    }
  }

  /**
   * A lease in PostgreSQL: BullMQ already gives a job to one worker, but after Redis loses
   * its data a delivery can be queued again while its first job is still running. Only the
   * holder of the claim sends; the other job ends, and the requeue sweep covers a holder
   * that died.
   */
  private async claim(deliveryId: string): Promise<boolean> {
    const [rows] = await this.db.query(
      `UPDATE reminder_delivery SET claimed_until = now() + make_interval(secs => $2)
        WHERE id = $1 AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
        RETURNING id`,
      [deliveryId, this.claimSeconds],
    );
    return rows.length === 1;
  }

  private async load(deliveryId: string): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.state, d.channel, d.recipient, r.id AS reminder_id, r.state AS reminder_state, r.kind, r.target_on,
              a.id AS agreement_id, a.reference, a.title_en, a.title_th, a.lead_agency,
              m.id AS milestone_id, m.title AS milestone_title, m.owner_agency,
              w.id AS webhook_id, w.url AS webhook_url, w.secret AS webhook_secret,
              (w.active AND w.deleted_at IS NULL) AS webhook_live
         FROM reminder_delivery d
         JOIN reminder r ON r.id = d.reminder_id
         JOIN agreement a ON a.id = r.agreement_id
         LEFT JOIN milestone m ON m.id = r.milestone_id
         LEFT JOIN webhook w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return rows[0];
  }

  /**
   * Records the outcome; when the reminder's last delivery settles, so does the reminder.
   * Returns whether the reminder was settled here. The check sees sibling deliveries as
   * committed when it starts, so called inside a transaction it can miss one that settles
   * concurrently: the caller settles again after its commit (see settleReminder).
   */
  private async finish(
    manager: EntityManager,
    row: DeliveryRow,
    state: 'sent' | 'failed' | 'pending' | 'cancelled',
    error: string | null,
  ): Promise<boolean> {
    await manager.query(
      `UPDATE reminder_delivery
          SET state = $2, attempts = attempts + CASE WHEN $2 = 'cancelled' THEN 0 ELSE 1 END,
              last_error = coalesce($3, last_error), sent_at = CASE WHEN $2 = 'sent' THEN now() END,
              claimed_until = NULL, updated_at = now()
        WHERE id = $1 AND state = 'pending'`,
      [row.id, state, error],
    );
    return this.settleReminder(manager, row.reminder_id);
  }

  /**
   * Marks the reminder sent (or failed) once none of its deliveries is pending; true when
   * this call did it. Run after a delivery's outcome is committed, the last of two sibling
   * deliveries to get here always sees both settled.
   */
  private async settleReminder(manager: EntityManager, reminderId: string): Promise<boolean> {
    const [, changed] = await manager.query(
      `UPDATE reminder r
          SET state = CASE WHEN EXISTS (SELECT 1 FROM reminder_delivery f WHERE f.reminder_id = r.id AND f.state = 'failed')
                           THEN 'failed' ELSE 'sent' END,
              sent_at = now(),
              attempts = (SELECT coalesce(max(attempts), 0) FROM reminder_delivery x WHERE x.reminder_id = r.id),
              last_error = (SELECT last_error FROM reminder_delivery x WHERE x.reminder_id = r.id AND x.last_error IS NOT NULL
                             ORDER BY updated_at DESC LIMIT 1),
              updated_at = now()
        WHERE r.id = $1 AND r.state = 'pending'
          AND NOT EXISTS (SELECT 1 FROM reminder_delivery p WHERE p.reminder_id = r.id AND p.state = 'pending')`,
      [reminderId],
    );
    return changed > 0;
  }
}

function toContext(row: DeliveryRow, today: string): DeliveryContext {
  return {
    deliveryId: row.id,
    reminderId: row.reminder_id,
    channel: row.channel,
    recipient: row.recipient,
    webhook:
      row.webhook_id && row.webhook_url && row.webhook_secret
        ? { id: row.webhook_id, url: row.webhook_url, secret: row.webhook_secret }
        : null,
    kind: row.kind,
    targetOn: row.target_on,
    today,
    daysLeft: daysBetween(today, row.target_on),
    agreement: {
      id: row.agreement_id,
      reference: row.reference,
      titleEn: row.title_en,
      titleTh: row.title_th,
      leadAgency: row.lead_agency,
    },
    milestone: row.milestone_id
      ? { id: row.milestone_id, title: row.milestone_title ?? '', ownerAgency: row.owner_agency }
      : null,
  };
}
