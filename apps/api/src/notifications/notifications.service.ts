import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@mou/audit';
import { type Actor, Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPage, NotificationResponse } from './dto/notification.response.js';
import {
  notificationColumns,
  type NotificationRow,
  readerJoin,
  toNotificationResponse,
} from './notification.read-model.js';

/** The one ordering: newest first, served backwards by ix_notification_created (created_at, id). */
const SORT = '-createdAt';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** One page in two queries (rows and total); read or unread as the reader marked them. */
  async list(query: ListNotificationsQuery, readerId: string): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    const p = new SqlParams();
    const join = readerJoin(p.add(readerId));
    const where: string[] = [];
    if (query.agreementId) where.push(`n.agreement_id = ${p.add(query.agreementId)}::uuid`);
    if (query.kind) where.push(`n.kind = ${p.add(query.kind)}`);
    if (query.unread !== undefined) where.push(`r.read_at IS ${query.unread ? '' : 'NOT '}NULL`);
    const totalSql = `SELECT count(*)::int AS total FROM notification n ${join} ${whereSql(where)}`;
    const totalParams = [...p.values];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, SORT);
      where.push(`(n.created_at, n.id) < (${p.add(cursor.key)}::timestamptz, ${p.add(cursor.id)}::uuid)`);
    }
    // The sort key goes out as text so the cursor keeps PostgreSQL's microseconds (a Date would drop them).
    const rows: Array<NotificationRow & { sort_key: string }> = await this.db.query(
      `SELECT ${notificationColumns}, n.created_at::text AS sort_key
         FROM notification n ${join} ${whereSql(where)}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(totalSql, totalParams);
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
      const [notification]: Array<{ agreement_id: string; kind: string }> = await tx.query(
        'SELECT agreement_id, kind FROM notification WHERE id = $1',
        [id],
      );
      if (!notification) throw DomainError.notFound('Notification', id);
      const readAt = this.clock.now();
      const marked: unknown[] = await tx.query(
        `INSERT INTO notification_read (user_id, notification_id, read_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, notification_id) DO NOTHING RETURNING read_at`,
        [readerId, id, readAt],
      );
      if (!marked.length) return;
      await this.audit.record(tx, actor, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        after: { readAt: readAt.toISOString() },
        metadata: { agreementId: notification.agreement_id, kind: notification.kind },
      });
    });
    const [row]: NotificationRow[] = await this.db.query(
      `SELECT ${notificationColumns} FROM notification n ${readerJoin('$2')} WHERE n.id = $1`,
      [id, readerId],
    );
    return toNotificationResponse(row);
  }
}

function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}
