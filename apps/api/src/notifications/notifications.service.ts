import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@mou/audit';
import { type Actor, Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPage, NotificationResponse } from './dto/notification.response.js';
import { toNotificationResponse } from './notification.read-model.js';
import { NotificationsRepository } from './notifications.repository.js';

/** The one ordering: newest first, served backwards by ix_notification_created (created_at, id). */
const SORT = '-createdAt';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** One page in two queries (rows and total); read or unread as the reader marked them. */
  async list(query: ListNotificationsQuery, readerId: string): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    const filters = { agreementId: query.agreementId, kind: query.kind, unread: query.unread };
    const after = query.cursor ? decodeCursor(query.cursor, SORT) : undefined;
    const rows = await this.notifications.page(readerId, filters, after, limit + 1);
    const total = await this.notifications.count(readerId, filters);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toNotificationResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: SORT, key: last.sort_key, id: last.id }) : null,
    };
  }

  /**
   * Marks a notification read for the caller alone (others still see it unread), once:
   * marking it again keeps the first time and records nothing. The first mark is audited.
   */
  async markRead(id: string, actor: Actor): Promise<NotificationResponse> {
    const readerId = actor.userId!;
    await this.db.transaction(async (tx) => {
      const notification = await this.notifications.findSubject(tx, id);
      if (!notification) throw DomainError.notFound('Notification', id);
      const readAt = this.clock.now();
      if (!(await this.notifications.markRead(tx, readerId, id, readAt))) return;
      await this.audit.record(tx, actor, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        after: { readAt: readAt.toISOString() },
        metadata: { agreementId: notification.agreement_id, kind: notification.kind },
      });
    });
    const row = await this.notifications.findForReader(id, readerId);
    return toNotificationResponse(row!);
  }
}
