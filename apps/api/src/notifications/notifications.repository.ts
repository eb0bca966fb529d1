import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type NotificationReadRow,
  type NotificationRow,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import type { ReminderKind } from '@mou/reminders';
import { SqlParams } from '../common/sql-params.js';

type Db = DataSource | EntityManager;

/** A notification as one reader sees it: the table's columns and the reader's own read mark. */
export type NotificationView = Omit<NotificationRow, 'delivery_id' | 'kind'> & {
  // The column is text; the dispatcher writes only reminder kinds into it.
  kind: ReminderKind;
  read_at: NotificationReadRow['read_at'] | null;
};

/** The list's filters, each optional. */
export interface NotificationFilters {
  agreementId?: string;
  kind?: ReminderKind;
  unread?: boolean;
}

/** Where the next page starts: the last row's created_at (as text, microseconds kept) and id. */
export interface NotificationCursor {
  key: string | null;
  id: string;
}

/** Select from `notification n` joined with the reader's marks as `r` (see readerJoin). */
const columns = `n.id, n.reminder_id, n.agreement_id, n.milestone_id, n.kind, n.subject_en,
  n.subject_th, n.body_en, n.body_th, n.target_on, n.created_at, r.read_at`;

/** The reader's own read mark, if any: read state is per user. `param` is the user id's placeholder. */
const readerJoin = (param: string): string =>
  `LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ${param}::uuid`;

/** The FROM … WHERE of a list: the reader's join and the filters, their parameters placed in `p`. */
function listFrom(p: SqlParams, readerId: string, filters: NotificationFilters, after?: NotificationCursor): string {
  const join = readerJoin(p.add(readerId));
  const where: string[] = [];
  if (filters.agreementId) where.push(`n.agreement_id = ${p.add(filters.agreementId)}::uuid`);
  if (filters.kind) where.push(`n.kind = ${p.add(filters.kind)}`);
  if (filters.unread !== undefined) where.push(`r.read_at IS ${filters.unread ? '' : 'NOT '}NULL`);
  if (after) where.push(`(n.created_at, n.id) < (${p.add(after.key)}::timestamptz, ${p.add(after.id)}::uuid)`);
  return `FROM notification n ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
}

function pageSql(
  p: SqlParams,
  readerId: string,
  filters: NotificationFilters,
  after: NotificationCursor | undefined,
  limit: number,
): string {
  // The sort key goes out as text so the cursor keeps PostgreSQL's microseconds (a Date would drop them).
  return `SELECT ${columns}, n.created_at::text AS sort_key
       ${listFrom(p, readerId, filters, after)}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${limit}`;
}

const findSql = `SELECT ${columns} FROM notification n ${readerJoin('$2')} WHERE n.id = $1`;

function countSql(p: SqlParams, readerId: string, filters: NotificationFilters): string {
  return `SELECT count(*)::int AS total ${listFrom(p, readerId, filters)}`;
}

const everyFilter: NotificationFilters = {
  agreementId: '00000000-0000-0000-0000-000000000000',
  kind: 'expiry',
  unread: true,
};
registerStatementSamples(import.meta.url, {
  page: () => pageSql(new SqlParams(), 'reader', everyFilter, { key: 'k', id: 'i' }, 51),
  pageRead: () => pageSql(new SqlParams(), 'reader', { unread: false }, undefined, 51),
  count: () => countSql(new SqlParams(), 'reader', everyFilter),
  findForReader: () => findSql,
});

/** Every statement on `notification` and `notification_read`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up to `limit` notifications newest first (ix_notification_created, served backwards), after `after`. */
  page(
    readerId: string,
    filters: NotificationFilters,
    after: NotificationCursor | undefined,
    limit: number,
  ): Promise<Array<NotificationView & { sort_key: string }>> {
    const p = new SqlParams();
    return queryRows(this.db, pageSql(p, readerId, filters, after, limit), p.values);
  }

  /** How many notifications the filters let through, whatever the page. */
  async count(readerId: string, filters: NotificationFilters): Promise<number> {
    const p = new SqlParams();
    const row = await queryRow<{ total: number }>(this.db, countSql(p, readerId, filters), p.values);
    return row?.total ?? 0;
  }

  /** One notification as `readerId` sees it, or null. */
  findForReader(id: string, readerId: string): Promise<NotificationView | null> {
    return queryRow(this.db, findSql, [id, readerId]);
  }

  /** What the audit event of a read names. */
  findSubject(tx: Db, id: string): Promise<Pick<NotificationRow, 'agreement_id' | 'kind'> | null> {
    return queryRow(tx, 'SELECT agreement_id, kind FROM notification WHERE id = $1', [id]);
  }

  /** Marks it read for `readerId` once; false when it already was (the first time stays). */
  async markRead(tx: Db, readerId: string, id: string, readAt: Date): Promise<boolean> {
    const marked = await queryRows<Pick<NotificationReadRow, 'read_at'>>(
      tx,
      `INSERT INTO notification_read (user_id, notification_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, notification_id) DO NOTHING RETURNING read_at`,
      [readerId, id, readAt],
    );
    return marked.length > 0;
  }
}
