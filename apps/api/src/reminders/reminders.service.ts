import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, type Actor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { ReminderDeliveryRepository, ReminderRepository } from '@mou/reminders';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { ListRemindersQuery } from './dto/list-reminders.query.js';
import type { ReminderPage, ReminderResponse } from './dto/reminder.response.js';
import { type ReminderView, RemindersRepository } from './reminders.repository.js';

@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: RemindersRepository,
    private readonly reminders: ReminderRepository,
    private readonly deliveries: ReminderDeliveryRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListRemindersQuery): Promise<ReminderPage> {
    const after = query.cursor ? decodeCursor(query.cursor, 'fireAt') : null;
    const limit = query.limit ?? 50;
    const rows = await this.views.page(query, after, limit);
    const total = await this.views.count(query);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ sortKey: _, ...item }) => toReminderResponse(item)),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'fireAt', key: last.sortKey, id: last.id }) : null,
    };
  }

  async findOne(id: string): Promise<ReminderResponse> {
    const reminder = await this.views.findOne(id);
    if (!reminder) throw DomainError.notFound('Reminder', id);
    return toReminderResponse(reminder);
  }

  /**
   * Gives a failed reminder another go: its failed deliveries become pending and the next
   * scan hands them to the queue, an in-app one too (dispatch writes in-app notifications
   * itself, but one it could not render failed there; the deliverer writes it on retry).
   * Deliveries that succeeded are not repeated. The reminder row is locked first, as
   * everything that changes its deliveries does.
   */
  async retry(id: string, actor: Actor): Promise<ReminderResponse> {
    await this.db.transaction(async (tx) => {
      const reminder = await this.reminders.lockForRetry(tx, id);
      if (!reminder) throw DomainError.notFound('Reminder', id);
      if (reminder.state !== 'failed') {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `Only a failed reminder can be retried; this one is ${reminder.state}`,
          {
            allowed: [],
          },
        );
      }
      const requeued = await this.deliveries.requeueFailed(tx, id);
      await this.reminders.reopen(tx, id);
      await this.audit.record(tx, actor, {
        action: 'reminder.retry',
        entityType: 'reminder',
        entityId: id,
        before: { state: 'failed' },
        after: { state: 'pending' },
        metadata: {
          agreementId: reminder.agreement_id,
          milestoneId: reminder.milestone_id,
          kind: reminder.kind,
          deliveriesRequeued: requeued,
        },
      });
    });
    return this.findOne(id);
  }
}

/** The response as JSON will carry it: times as ISO text. */
function toReminderResponse(view: ReminderView): ReminderResponse {
  return { ...view, fireAt: view.fireAt.toISOString(), sentAt: view.sentAt?.toISOString() ?? null };
}
