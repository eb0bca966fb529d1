import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRow, queryRows, type WebhookRow } from '@mou/database';
import type { ReminderKind } from '@mou/reminders';

type Db = DataSource | EntityManager;

/** Every column but the secret, which is read only by the deliverer. */
export type WebhookView = Omit<WebhookRow, 'secret' | 'events'> & {
  // text[]; the DTO admits only reminder kinds.
  events: ReminderKind[];
};

export interface NewWebhook {
  url: string;
  secret: string;
  events: ReminderKind[];
  createdBy: string;
}

/** Every statement the API sends on `webhook` (the worker's deliverer keeps its own). */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: Db, webhook: NewWebhook): Promise<WebhookView> {
    const row = await queryRow<WebhookView>(
      tx,
      `INSERT INTO webhook AS w (url, secret, events, created_by) VALUES ($1, $2, $3, $4)
       RETURNING w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by`,
      [webhook.url, webhook.secret, webhook.events, webhook.createdBy],
    );
    return row!;
  }

  /** Live webhooks, oldest first. */
  listLive(): Promise<WebhookView[]> {
    return queryRows(
      this.db,
      `SELECT w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by
         FROM webhook w WHERE w.deleted_at IS NULL ORDER BY w.created_at, w.id`,
    );
  }

  /** One webhook, deleted or not. */
  find(id: string): Promise<WebhookView | null> {
    return queryRow(
      this.db,
      `SELECT w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by
         FROM webhook w WHERE w.id = $1`,
      [id],
    );
  }

  /** One webhook, locked for the rest of the transaction. */
  lock(tx: Db, id: string): Promise<WebhookView | null> {
    return queryRow(
      tx,
      `SELECT w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by
         FROM webhook w WHERE w.id = $1 FOR UPDATE`,
      [id],
    );
  }

  async softDelete(tx: Db, id: string, at: Date, by: string): Promise<WebhookView> {
    const row = await queryRow<WebhookView>(
      tx,
      `WITH w AS (UPDATE webhook SET deleted_at = $2, deleted_by = $3 WHERE id = $1 RETURNING *)
       SELECT w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by FROM w`,
      [id, at, by],
    );
    return row!;
  }
}
