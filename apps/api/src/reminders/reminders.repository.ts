import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type AgreementRow,
  type Queryable,
  type ReminderDeliveryRow,
  type ReminderRow,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import { SqlParams } from '../common/sql-params.js';
import type { ListRemindersQuery } from './dto/list-reminders.query.js';

/** What a list of reminders can be narrowed by. */
export type ReminderFilters = Pick<
  ListRemindersQuery,
  'agreementId' | 'milestoneId' | 'state' | 'kind' | 'channel' | 'dueFrom' | 'dueTo'
>;

/** One delivery as it rides along with its reminder (JSON, so its time is text). */
export interface DeliveryView {
  id: ReminderDeliveryRow['id'];
  channel: ReminderDeliveryRow['channel'];
  recipient: ReminderDeliveryRow['recipient'];
  state: ReminderDeliveryRow['state'];
  attempts: ReminderDeliveryRow['attempts'];
  lastError: ReminderDeliveryRow['last_error'];
  sentAt: string | null;
}

/** A reminder as the API shows it, read in the response's own names. */
export interface ReminderView {
  id: ReminderRow['id'];
  agreementId: ReminderRow['agreement_id'];
  agreementReference: AgreementRow['reference'];
  milestoneId: ReminderRow['milestone_id'];
  kind: ReminderRow['kind'];
  offsetDays: ReminderRow['offset_days'];
  targetOn: ReminderRow['target_on'];
  dueOn: ReminderRow['due_on'];
  fireAt: ReminderRow['fire_at'];
  state: ReminderRow['state'];
  attempts: ReminderRow['attempts'];
  lastError: ReminderRow['last_error'];
  sentAt: ReminderRow['sent_at'];
  deliveries: DeliveryView[];
}

/** A listed reminder with its place in the list's order (fire_at as text, for the cursor). */
export type ListedReminder = ReminderView & { sortKey: string };

/** Where a page starts: after this reminder (a decoded cursor). */
export interface ReminderListPosition {
  key: string | null;
  id: string;
}

// Deliveries ride along as one JSON array per reminder: one query per page, no N+1.
const columns = `
  r.id, r.agreement_id AS "agreementId", a.reference AS "agreementReference", r.milestone_id AS "milestoneId",
  r.kind, r.offset_days AS "offsetDays", r.target_on AS "targetOn", r.due_on AS "dueOn", r.fire_at AS "fireAt",
  r.state, r.attempts, r.last_error AS "lastError", r.sent_at AS "sentAt",
  coalesce((SELECT json_agg(json_build_object('id', d.id, 'channel', d.channel, 'recipient', d.recipient,
                    'state', d.state, 'attempts', d.attempts, 'lastError', d.last_error, 'sentAt', d.sent_at)
                    ORDER BY d.channel, d.recipient)
              FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries`;

interface Statement {
  text: string;
  values: unknown[];
}

/** The filters' conditions on `reminder r`, their values added to `p`. */
function filterConditions(filters: ReminderFilters, p: SqlParams): string[] {
  const where: string[] = [];
  if (filters.agreementId) where.push(`r.agreement_id = ${p.add(filters.agreementId)}`);
  if (filters.milestoneId) where.push(`r.milestone_id = ${p.add(filters.milestoneId)}`);
  if (filters.state) where.push(`r.state = ${p.add(filters.state)}`);
  if (filters.kind) where.push(`r.kind = ${p.add(filters.kind)}`);
  if (filters.dueFrom) where.push(`r.due_on >= ${p.add(filters.dueFrom)}::date`);
  if (filters.dueTo) where.push(`r.due_on <= ${p.add(filters.dueTo)}::date`);
  if (filters.channel) {
    where.push(
      `EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.channel = ${p.add(filters.channel)})`,
    );
  }
  return where;
}

const sqlWhere = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** Up to `limit` + 1 reminders in fire_at order (the extra one tells there is a next page). */
function pageStatement(filters: ReminderFilters, after: ReminderListPosition | null, limit: number): Statement {
  const p = new SqlParams();
  const where = filterConditions(filters, p);
  if (after) where.push(`(r.fire_at, r.id) > (${p.add(after.key)}::timestamptz, ${p.add(after.id)}::uuid)`);
  return {
    text: `SELECT ${columns}, r.fire_at::text AS "sortKey"
         FROM reminder r JOIN agreement a ON a.id = r.agreement_id
        ${sqlWhere(where)}
        ORDER BY r.fire_at, r.id LIMIT ${limit + 1}`,
    values: p.values,
  };
}

function countStatement(filters: ReminderFilters): Statement {
  const p = new SqlParams();
  const where = filterConditions(filters, p);
  return { text: `SELECT count(*)::int AS total FROM reminder r ${sqlWhere(where)}`, values: p.values };
}

const findOneSql = `SELECT ${columns} FROM reminder r JOIN agreement a ON a.id = r.agreement_id WHERE r.id = $1`;

const everyFilter: Required<ReminderFilters> = {
  agreementId: '00000000-0000-0000-0000-000000000000',
  milestoneId: '00000000-0000-0000-0000-000000000000',
  state: 'pending',
  kind: 'expiry',
  channel: 'email',
  dueFrom: '2026-01-01',
  dueTo: '2026-12-31',
};
registerStatementSamples(import.meta.url, {
  page: () => pageStatement({}, null, 50).text,
  pageFilteredAfter: () => pageStatement(everyFilter, { key: '2026-01-01', id: everyFilter.agreementId }, 50).text,
  count: () => countStatement({}).text,
  countFiltered: () => countStatement(everyFilter).text,
  findOne: () => findOneSql,
});

/** Reads reminders for the API. Their writes are in @mou/reminders (ReminderRepository). */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  page(filters: ReminderFilters, after: ReminderListPosition | null, limit: number): Promise<ListedReminder[]> {
    const { text, values } = pageStatement(filters, after, limit);
    return queryRows<ListedReminder>(this.db, text, values);
  }

  async count(filters: ReminderFilters): Promise<number> {
    const { text, values } = countStatement(filters);
    return (await queryRow<{ total: number }>(this.db, text, values))?.total ?? 0;
  }

  findOne(id: string, runner: Queryable = this.db): Promise<ReminderView | null> {
    return queryRow<ReminderView>(runner, findOneSql, [id]);
  }
}
