import type { ReminderKind } from '@mou/reminders';
import type { WebhookResponse } from './dto/webhook.response.js';

/** Every column but the secret, which is read only by the deliverer. */
export const webhookColumns = 'w.id, w.url, w.events, w.active, w.created_at, w.created_by, w.deleted_at, w.deleted_by';

export interface WebhookRow {
  id: string;
  url: string;
  events: ReminderKind[];
  active: boolean;
  created_at: Date;
  created_by: string;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export function toWebhookResponse(row: WebhookRow): WebhookResponse {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    deletedBy: row.deleted_by,
  };
}
