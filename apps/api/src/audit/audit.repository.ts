import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRow, queryRows, registerStatementSamples, type AuditEventRow } from '@mou/database';
import { SqlParams } from '../common/sql-params.js';
import type { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** An event as read back: every column, and whether occurred_at has sub-millisecond digits. */
export interface StoredAuditEvent extends AuditEventRow {
  sub_ms: boolean;
}

/** The filters GET /audit-events and its export (GET /reports/audit-events) share. */
export type AuditEventFilters = Pick<
  ListAuditEventsQuery,
  'entityType' | 'entityId' | 'actorId' | 'action' | 'from' | 'to'
>;

/** Every column of an event; seq as text (bigint), and whether occurred_at has sub-millisecond digits. */
const eventColumns = `
  e.seq::text AS seq, e.id, e.occurred_at, e.actor_id, e.actor_email, e.actor_role, e.action, e.entity_type,
  e.entity_id, e.before, e.after, e.metadata, e.request_id, e.client_ip, e.user_agent, e.prev_hash, e.hash,
  date_trunc('milliseconds', e.occurred_at) <> e.occurred_at AS sub_ms`;

/**
 * The one WHERE builder for audit_event `e`: the list and its export filter alike, and
 * each filter has an index.
 */
export function auditEventFilters(filters: AuditEventFilters, p: SqlParams): string[] {
  const where: string[] = [];
  if (filters.entityType) where.push(`e.entity_type = ${p.add(filters.entityType)}`);
  if (filters.entityId) where.push(`e.entity_id = ${p.add(filters.entityId)}`);
  if (filters.actorId) where.push(`e.actor_id = ${p.add(filters.actorId)}::uuid`);
  if (filters.action) where.push(`e.action = ${p.add(filters.action)}`);
  if (filters.from) where.push(`e.occurred_at >= ${p.add(filters.from)}::timestamptz`);
  if (filters.to) where.push(`e.occurred_at <= ${p.add(filters.to)}::timestamptz`);
  return where;
}

const sqlWhere = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * An agreement's events and its milestones'. Milestones stay with their agreement for good
 * (never deleted nor moved), so their ids find their events through ix_audit_event_entity;
 * metadata.agreementId says the same.
 */
function historyFilter(agreementId: string, p: SqlParams): string[] {
  const id = p.add(agreementId);
  return [
    `((e.entity_type = 'agreement' AND e.entity_id = ${id})
        OR (e.entity_type = 'milestone'
            AND e.entity_id = ANY (ARRAY(SELECT m.id::text FROM milestone m WHERE m.agreement_id = ${id}::uuid))))`,
  ];
}

interface PageStatements {
  rows: { sql: string; params: unknown[] };
  total: { sql: string; params: unknown[] };
}

/** A page's rows (after the cursor's seq, when given) and the total matching the filters. */
function pageStatements(
  where: string[],
  p: SqlParams,
  after: string | null,
  newestFirst: boolean,
  limit: number,
): PageStatements {
  const total = { sql: `SELECT count(*)::int AS total FROM audit_event e ${sqlWhere(where)}`, params: [...p.values] };
  const rowsWhere = after === null ? where : [...where, `e.seq ${newestFirst ? '<' : '>'} ${p.add(after)}::bigint`];
  const rows = {
    sql: `SELECT ${eventColumns} FROM audit_event e ${sqlWhere(rowsWhere)}
        ORDER BY e.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ${limit}`,
    params: p.values,
  };
  return { rows, total };
}

/**
 * GET /audit-events' filters and order (newest first), for the export. JSON columns come
 * as the text PostgreSQL stores, so an auditor sees exactly what was recorded.
 */
export function auditEventsExportStatement(filters: AuditEventFilters): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const where = auditEventFilters(filters, p);
  const sql = `
    SELECT e.seq, e.occurred_at, e.actor_email, e.actor_role, e.action,
           e.entity_type, e.entity_id, e.before::text AS before, e.after::text AS after,
           e.metadata::text AS metadata, e.request_id, e.client_ip, e.id, e.hash
      FROM audit_event e
     ${sqlWhere(where)}
     ORDER BY e.seq DESC`;
  return { sql, params: p.values };
}

function verifyBatchSql(limit: number): string {
  return `SELECT ${eventColumns} FROM audit_event e WHERE e.seq > $1::bigint ORDER BY e.seq LIMIT ${limit}`;
}

/** Every filter switched on: the statement samples of the list and its export. */
export const everyAuditEventFilter: Required<AuditEventFilters> = {
  entityType: 'agreement',
  entityId: 'x',
  actorId: '00000000-0000-0000-0000-000000000000',
  action: 'agreement.create',
  from: '2026-01-01T00:00:00Z',
  to: '2026-12-31T00:00:00Z',
};
const listSample = () => {
  const p = new SqlParams();
  return pageStatements(auditEventFilters(everyAuditEventFilter, p), p, '1', true, 51);
};
const historySample = () => {
  const p = new SqlParams();
  return pageStatements(historyFilter('00000000-0000-0000-0000-000000000000', p), p, '1', false, 51);
};
registerStatementSamples(import.meta.url, {
  listRows: () => listSample().rows.sql,
  listTotal: () => listSample().total.sql,
  historyRows: () => historySample().rows.sql,
  historyTotal: () => historySample().total.sql,
  verifyBatch: () => verifyBatchSql(1000),
  export: () => auditEventsExportStatement(everyAuditEventFilter).sql,
  exportUnfiltered: () => auditEventsExportStatement({}).sql,
});

/** Every statement that reads the audit trail (appends are AuditEventRepository's, in @mou/audit). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async agreementExists(agreementId: string): Promise<boolean> {
    return (await queryRows(this.db, 'SELECT 1 FROM agreement WHERE id = $1', [agreementId])).length > 0;
  }

  /** Up to `limit` events matching `filters`, newest first, before seq `before`; and how many match in all. */
  async listPage(
    filters: AuditEventFilters,
    before: string | null,
    limit: number,
  ): Promise<{ rows: StoredAuditEvent[]; total: number }> {
    const p = new SqlParams();
    return this.page(pageStatements(auditEventFilters(filters, p), p, before, true, limit));
  }

  /** Up to `limit` of an agreement's events and its milestones', oldest first, after seq `after`; and how many in all. */
  async historyPage(
    agreementId: string,
    after: string | null,
    limit: number,
  ): Promise<{ rows: StoredAuditEvent[]; total: number }> {
    const p = new SqlParams();
    return this.page(pageStatements(historyFilter(agreementId, p), p, after, false, limit));
  }

  private async page(statements: PageStatements): Promise<{ rows: StoredAuditEvent[]; total: number }> {
    const rows = await queryRows<StoredAuditEvent>(this.db, statements.rows.sql, statements.rows.params);
    const count = await queryRow<{ total: number }>(this.db, statements.total.sql, statements.total.params);
    return { rows, total: count!.total };
  }

  /** Up to `limit` events after seq `after`, in chain order. */
  async chainBatch(after: string, limit: number): Promise<StoredAuditEvent[]> {
    return queryRows<StoredAuditEvent>(this.db, verifyBatchSql(limit), [after]);
  }
}
