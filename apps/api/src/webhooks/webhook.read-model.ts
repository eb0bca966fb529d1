import type { WebhookResponse } from './dto/webhook.response.js';
import type { WebhookView } from './webhooks.repository.js';

export function toWebhookResponse(row: WebhookView): WebhookResponse {
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
