import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { remindersConfig } from '@mou/config';
import { Clock, DomainError, type Actor } from '@mou/domain';
// Deep import until libs/reminders/src/index.ts re-exports the webhook policy.
import { assertWebhookUrlAllowed } from '@mou/reminders';
import { AuditService } from '@mou/audit';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { CreatedWebhookResponse, WebhookResponse } from './dto/webhook.response.js';
import { toWebhookResponse } from './webhook.read-model.js';
import { WebhooksRepository } from './webhooks.repository.js';

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateWebhookDto, actor: Actor): Promise<CreatedWebhookResponse> {
    await assertWebhookUrlAllowed(dto.url, this.config.webhookAllowPrivate);
    const secret = dto.secret ?? randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (tx) => {
      const inserted = await this.webhooks.insert(tx, {
        url: dto.url,
        secret,
        events: dto.events,
        createdBy: actor.email,
      });
      // The secret never reaches the trail: only whether the caller chose it.
      await this.audit.record(tx, actor, {
        action: 'webhook.create',
        entityType: 'webhook',
        entityId: inserted.id,
        after: toWebhookResponse(inserted),
        metadata: { secretChosen: dto.secret !== undefined },
      });
      return inserted;
    });
    return { ...toWebhookResponse(row), secret };
  }

  /** Live webhooks, oldest first; a handful at most, so no paging. */
  async list(): Promise<WebhookResponse[]> {
    return (await this.webhooks.listLive()).map(toWebhookResponse);
  }

  /** One webhook, deleted or not: a deleted one stays on record with who deleted it. */
  async findOne(id: string): Promise<WebhookResponse> {
    const row = await this.webhooks.find(id);
    if (!row) throw DomainError.notFound('Webhook', id);
    return toWebhookResponse(row);
  }

  /**
   * Soft delete: the row stays for the audit trail and for past deliveries that name it.
   * The dispatcher skips it from now on and the deliverer cancels its pending deliveries.
   * Deleting twice keeps the first deletion's time and actor (and its one audit event).
   */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.webhooks.lock(tx, id);
      if (!current) throw DomainError.notFound('Webhook', id);
      if (current.deleted_at) return;
      const deleted = await this.webhooks.softDelete(tx, id, this.clock.now(), actor.email);
      const was = toWebhookResponse(current);
      const now = toWebhookResponse(deleted);
      await this.audit.record(tx, actor, {
        action: 'webhook.delete',
        entityType: 'webhook',
        entityId: id,
        before: { deletedAt: was.deletedAt, deletedBy: was.deletedBy },
        after: { deletedAt: now.deletedAt, deletedBy: now.deletedBy },
      });
    });
  }
}
