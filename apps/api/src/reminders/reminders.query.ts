import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import type { ListRemindersQuery } from './dto/list-reminders.query.js';
import type { ReminderPage, ReminderResponse } from './dto/reminder.response.js';

// Deliveries ride along as one JSON array per reminder: one query per page, no N+1.
const columns = `
  r.id, r.agreement_id AS "agreementId", a.reference AS "agreementReference", r.milestone_id AS "milestoneId",
  r.kind, r.offset_days AS "offsetDays", r.target_on AS "targetOn", r.due_on AS "dueOn", r.fire_at AS "fireAt",
  r.state, r.attempts, r.last_error AS "lastError", r.sent_at AS "sentAt",
  coalesce((SELECT json_agg(json_build_object('id', d.id, 'channel', d.channel, 'recipient', d.recipient,
                    'state', d.state, 'attempts', d.attempts, 'lastError', d.last_error, 'sentAt', d.sent_at)
                    ORDER BY d.channel, d.recipient)
              FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries`;

@Injectable()
export class RemindersQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListRemindersQuery): Promise<ReminderPage> {
    const p = new SqlParams();
    const where: string[] = [];
    if (query.agreementId) where.push(`r.agreement_id = ${p.add(query.agreementId)}`);
    if (query.milestoneId) where.push(`r.milestone_id = ${p.add(query.milestoneId)}`);
    if (query.state) where.push(`r.state = ${p.add(query.state)}`);
    if (query.kind) where.push(`r.kind = ${p.add(query.kind)}`);
    if (query.dueFrom) where.push(`r.due_on >= ${p.add(query.dueFrom)}::date`);
    if (query.dueTo) where.push(`r.due_on <= ${p.add(query.dueTo)}::date`);
    if (query.channel) {
      where.push(
        `EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.channel = ${p.add(query.channel)})`,
      );
    }
    const totalWhere = [...where];
    const totalParams = [...p.values];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, 'fireAt');
      where.push(`(r.fire_at, r.id) > (${p.add(cursor.key)}::timestamptz, ${p.add(cursor.id)}::uuid)`);
    }
    const limit = query.limit ?? 50;
    const sqlWhere = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
    const rows: Array<ReminderResponse & { sortKey: string }> = await this.db.query(
      `SELECT ${columns}, r.fire_at::text AS "sortKey"
         FROM reminder r JOIN agreement a ON a.id = r.agreement_id
        ${sqlWhere(where)}
        ORDER BY r.fire_at, r.id LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM reminder r ${sqlWhere(totalWhere)}`,
      totalParams,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ sortKey: _, ...item }) => item),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'fireAt', key: last.sortKey, id: last.id }) : null,
    };
  }

  async findOne(id: string, manager: EntityManager | DataSource = this.db): Promise<ReminderResponse> {
    const rows: ReminderResponse[] = await manager.query(
      `SELECT ${columns} FROM reminder r JOIN agreement a ON a.id = r.agreement_id WHERE r.id = $1`,
      [id],
    );
    if (!rows.length) throw DomainError.notFound('Reminder', id);
    return rows[0];
  }
}
