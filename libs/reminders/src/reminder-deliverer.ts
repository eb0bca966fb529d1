import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import {
  type DeliveryContext,
  type ReminderMessage,
  notificationValues,
  toDeliveryContext,
} from './channels/delivery-context.js';
import {
  type DeliveryVerdict,
  type LoadedDelivery,
  ReminderDeliveryRepository,
} from './reminder-delivery.repository.js';
import { StatementBatcher } from './statement-batcher.js';

/** A way out for one channel. In-app is not here: it is a row written in PostgreSQL. */
export interface OutboundChannel {
  send(context: DeliveryContext, message: ReminderMessage): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'already-done' | 'cancelled' | 'missing' | 'claimed-elsewhere';

/** A settle that finds the reminder row changed under it looks again, a few times at most. */
const SETTLE_LOOKS = 5;

/** One delivery's outcome to record; `state` null only looks at its reminder again. */
interface Outcome {
  row: LoadedDelivery;
  state: 'sent' | 'failed' | 'pending' | 'cancelled' | null;
  error: string | null;
  /** The notification an in-app delivery sent here writes along. */
  message?: ReminderMessage;
}

/**
 * At most 100 deliveries a statement, and two statements of each kind (load, finish) at
 * once; a deadlock or serialization failure runs the batch once more.
 */
const BATCHING = { maxBatch: 100, inFlight: 2, retryOn: ['40P01', '40001'] };

/**
 * Delivers one delivery row. Jobs carry only the id; this re-reads everything, so a job
 * that outlived an edit, a cancellation or a crash acts on the record as it is now.
 * A delivery marked sent is never sent again; in-app notifications are written in the
 * same statement that marks them sent (at dispatch, or here for the few that come this
 * way), so they are exactly once.
 *
 * Each delivery reads and records through two statements, but concurrent deliveries
 * share them: calls that arrive while earlier statements run go together in the next
 * (StatementBatcher), so under load a statement and its commit serve many deliveries.
 */
export class ReminderDeliverer {
  private readonly pool: Pool;
  private readonly deliveries = new ReminderDeliveryRepository();
  private readonly loads: StatementBatcher<string, LoadedDelivery | undefined>;
  private readonly finishes: StatementBatcher<Outcome, DeliveryVerdict>;

  constructor(
    db: DataSource,
    private readonly channels: Record<'email' | 'webhook', OutboundChannel>,
    private readonly render: (context: DeliveryContext) => ReminderMessage,
    private readonly today: () => string,
    /** How long a claim on a delivery holds before another worker may take it over. */
    private readonly claimSeconds: number,
  ) {
    this.pool = (db.driver as PostgresDriver).master as Pool;
    this.loads = new StatementBatcher((ids) => this.loadAndClaim(ids), BATCHING);
    this.finishes = new StatementBatcher((outcomes) => this.record(outcomes), BATCHING);
  }

  async deliver(deliveryId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.loads.load(deliveryId);
    if (!row) return 'missing';
    if (row.state !== 'pending') return 'already-done';
    if (row.reminder_state === 'cancelled' || (row.channel === 'webhook' && !row.webhook_live)) {
      await this.finish({ row, state: 'cancelled', error: null });
      return 'cancelled';
    }
    if (!row.claimed) return 'claimed-elsewhere';
    const context = toContext(row, this.today());
    try {
      const message = this.render(context);
      if (row.channel === 'in-app') {
        await this.finish({ row, state: 'sent', error: null, message });
      } else {
        await this.channels[row.channel].send(context, message);
        await this.finish({ row, state: 'sent', error: null });
      }
      return 'sent';
    } catch (error) {
      const reason = (error as Error).message?.slice(0, 1000) ?? String(error);
      await this.finish({ row, state: finalAttempt ? 'failed' : 'pending', error: reason });
      throw error;
    }
  }

  /**
   * Records the outcome and, when it was the reminder's last delivery to settle, settles
   * the reminder in the same statement. That statement cannot see a sibling delivery that
   * settles at the same moment in another transaction; but it can tell when that
   * happened, as the reminder row it locks is then no longer the one its snapshot shows.
   * Only then, or when the reminder is not pending, is the reminder looked at again once
   * this outcome is committed, and of two siblings the later look always sees both. A
   * delivery left pending, to be tried again, settles nothing yet.
   */
  private async finish(outcome: Outcome): Promise<void> {
    const finished = await this.finishes.load(outcome);
    if (outcome.state === 'pending' || finished.settled || (finished.open && finished.fresh)) return;
    for (let look = 0; look < SETTLE_LOOKS; look++) {
      const settle = await this.finishes.load({ row: outcome.row, state: null, error: null });
      if (settle.settled || !settle.open || settle.fresh) return;
    }
  }

  private async loadAndClaim(ids: readonly string[]): Promise<Array<LoadedDelivery | undefined>> {
    const rows = await this.deliveries.loadAndClaim(this.pool, ids, this.claimSeconds);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  }

  private async record(outcomes: readonly Outcome[]): Promise<DeliveryVerdict[]> {
    const rows = await this.deliveries.finish(
      this.pool,
      outcomes.map(({ row, state, error, message }) => ({
        id: row.id,
        reminderId: row.reminder_id,
        state,
        error,
        notification: message ? notificationValues(row, message) : null,
      })),
    );
    const byReminder = new Map(rows.map((verdict) => [verdict.reminder_id, verdict]));
    return outcomes.map(({ row }) => byReminder.get(row.reminder_id)!);
  }
}

function toContext(row: LoadedDelivery, today: string): DeliveryContext {
  const webhook =
    row.webhook_id && row.webhook_url && row.webhook_secret
      ? { id: row.webhook_id, url: row.webhook_url, secret: row.webhook_secret }
      : null;
  return toDeliveryContext(row, { deliveryId: row.id, channel: row.channel, recipient: row.recipient, webhook }, today);
}
