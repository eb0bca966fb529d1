import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPage, NotificationResponse } from './dto/notification.response.js';
import { notificationColumns, type NotificationRow, toNotificationResponse } from './notification.read-model.js';

/** The one ordering: newest first, served backwards by ix_notification_created (created_at, id). */
const SORT = '-createdAt';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** One page in two queries (rows and total). */
  async list(query: ListNotificationsQuery): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    const p = new SqlParams();
    const where: string[] = [];
    if (query.agreementId) where.push(`n.agreement_id = ${p.add(query.agreementId)}::uuid`);
    if (query.kind) where.push(`n.kind = ${p.add(query.kind)}`);
    if (query.unread !== undefined) where.push(`n.read_at IS ${query.unread ? '' : 'NOT '}NULL`);
    const totalSql = `SELECT count(*)::int AS total FROM notification n ${whereSql(where)}`;
    const totalParams = [...p.values];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, SORT);
      where.push(`(n.created_at, n.id) < (${p.add(cursor.key)}::timestamptz, ${p.add(cursor.id)}::uuid)`);
    }
    // The sort key goes out as text so the cursor keeps PostgreSQL's microseconds (a Date would drop them).
    const rows: Array<NotificationRow & { sort_key: string }> = await this.db.query(
      `SELECT ${notificationColumns}, n.created_at::text AS sort_key
         FROM notification n ${whereSql(where)}
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

  /** Marks read once: reading again keeps the first time. */
  async markRead(id: string): Promise<NotificationResponse> {
    // Wrapped in a CTE because TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
    const rows: NotificationRow[] = await this.db.query(
      `WITH n AS (UPDATE notification SET read_at = coalesce(read_at, $2) WHERE id = $1 RETURNING *)
       SELECT ${notificationColumns} FROM n`,
      [id, this.clock.now()],
    );
    if (!rows.length) throw DomainError.notFound('Notification', id);
    return toNotificationResponse(rows[0]);
  }
}

function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}
