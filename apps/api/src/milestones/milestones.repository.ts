import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AgreementRow,
  type BuiltStatement,
  type MilestoneRow,
  type Queryable,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import { Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import type { ListMilestonesQuery, MilestonePageQuery } from './dto/list-milestones.query.js';
import type { MilestonePage, MilestoneResponse } from './dto/milestone.response.js';
import { milestoneWritableColumns } from './milestone-columns.js';
import {
  milestoneColumns,
  milestoneFrom,
  type MilestoneReadRow,
  overdueSql,
  toMilestoneResponse,
} from './milestone.read-model.js';

/** Every statement on `milestone` (read with its agreement, which a milestone belongs to). */

/** The row as a change locks it, with its agreement's state. */
export type LockedMilestone = Pick<
  MilestoneRow,
  'id' | 'agreement_id' | 'version' | 'status' | 'completed_on' | 'archived_at'
> & {
  agreement_archived_at: AgreementRow['archived_at'];
  lead_agency: AgreementRow['lead_agency'];
};

/** The one ordering of every milestone list; ix_milestone_due and ix_milestone_agreement_due serve it. */
const SORT = 'dueOn';

/**
 * The filters of GET /milestones, shared with its export; `today` adds the office's date as
 * a parameter the first time a filter needs it.
 */
export function milestoneFilters(query: ListMilestonesQuery, p: SqlParams, today: () => string): string[] {
  const where: string[] = [];
  if (!query.includeArchived) where.push('m.archived_at IS NULL', 'a.archived_at IS NULL');
  if (query.agreementId) where.push(`m.agreement_id = ${p.add(query.agreementId)}::uuid`);
  if (query.ownerAgency) where.push(`m.owner_agency = ${p.add(query.ownerAgency)}`);
  if (query.area) where.push(`m.area_code = ${p.add(query.area)}`);
  if (query.dueFrom) where.push(`m.due_on >= ${p.add(query.dueFrom)}::date`);
  if (query.dueTo) where.push(`m.due_on <= ${p.add(query.dueTo)}::date`);
  if (query.overdue !== undefined) where.push(`${query.overdue ? '' : 'NOT '}${overdueSql(today())}`);
  if (query.status === 'overdue') {
    where.push(overdueSql(today()));
  } else if (query.status === 'planned' || query.status === 'in-progress') {
    where.push(`m.status = ${p.add(query.status)} AND m.due_on >= ${today()}`);
  } else if (query.status) {
    where.push(`m.status = ${p.add(query.status)}`);
  }
  return where;
}

function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** The office's date as one parameter, added the first time a filter or the columns need it. */
function todayParam(p: SqlParams, todayValue: string): () => string {
  let placeholder: string | undefined;
  return () => (placeholder ??= `${p.add(todayValue)}::date`);
}

/**
 * The two statements of one page: its rows (one more than the limit, after the cursor) and
 * the total, which sees the filters but not the cursor (its parameters sit past the total's slice).
 */
interface MilestonePageSql {
  limit: number;
  rows: BuiltStatement;
  total: BuiltStatement;
}

function pageSql(query: MilestonePageQuery, p: SqlParams, where: string[], today: () => string): MilestonePageSql {
  const limit = query.limit ?? 50;
  const total = {
    sql: `SELECT count(*)::int AS total FROM ${milestoneFrom} ${whereSql(where)}`,
    params: [...p.values],
  };
  const columns = milestoneColumns(today());
  const seek = [...where];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, SORT);
    seek.push(`(m.due_on, m.id) > (${p.add(cursor.key)}::date, ${p.add(cursor.id)}::uuid)`);
  }
  const rows = {
    sql: `SELECT ${columns} FROM ${milestoneFrom} ${whereSql(seek)} ORDER BY m.due_on, m.id LIMIT ${limit + 1}`,
    params: p.values,
  };
  return { limit, rows, total };
}

/** GET /milestones as SQL. */
export function milestoneListSql(query: ListMilestonesQuery, todayValue: string): MilestonePageSql {
  const p = new SqlParams();
  const today = todayParam(p, todayValue);
  return pageSql(query, p, milestoneFilters(query, p, today), today);
}

/** An agreement's milestones as SQL. */
export function agreementMilestonesSql(
  agreementId: string,
  query: MilestonePageQuery,
  todayValue: string,
): MilestonePageSql {
  const p = new SqlParams();
  const where = [`m.agreement_id = ${p.add(agreementId)}::uuid`];
  if (!query.includeArchived) where.push('m.archived_at IS NULL');
  return pageSql(query, p, where, todayParam(p, todayValue));
}

const insertSql = (columns: readonly string[]) =>
  `INSERT INTO milestone (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`;

/** $1 the id, $2 who changes it, then one parameter per change. */
const updateSql = (columns: readonly string[]) =>
  `UPDATE milestone SET ${[...columns.map((column, i) => `${column} = $${i + 3}`), 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')} WHERE id = $1`;

@Injectable()
export class MilestonesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** GET /milestones: one page in two queries (rows joined to their agreement, and the total). */
  list(query: ListMilestonesQuery): Promise<MilestonePage> {
    return this.page(milestoneListSql(query, this.clock.today()));
  }

  /** An agreement's milestones, archived agreement or not. */
  listForAgreement(agreementId: string, query: MilestonePageQuery): Promise<MilestonePage> {
    return this.page(agreementMilestonesSql(agreementId, query, this.clock.today()));
  }

  /** One milestone, archived or not; pass the transaction's manager when called inside one. */
  async findOne(id: string, runner: Queryable = this.db): Promise<MilestoneResponse> {
    const row = await queryRow<MilestoneReadRow>(runner, findOneSql(), [id, this.clock.today()]);
    if (!row) throw DomainError.notFound('Milestone', id);
    return toMilestoneResponse(row);
  }

  /** Locks the row and shares its agreement's for the transaction; null when there is none. */
  lock(tx: EntityManager, id: string): Promise<LockedMilestone | null> {
    return queryRow<LockedMilestone>(
      tx,
      `SELECT m.id, m.agreement_id, m.version, m.status, m.completed_on, m.archived_at,
              a.archived_at AS agreement_archived_at, a.lead_agency
         FROM milestone m JOIN agreement a ON a.id = m.agreement_id
        WHERE m.id = $1 FOR UPDATE OF m FOR SHARE OF a`,
      [id],
    );
  }

  async insert(tx: EntityManager, values: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(values);
    const row = await queryRow<Pick<MilestoneRow, 'id'>>(tx, insertSql(columns), Object.values(values));
    return row!.id;
  }

  /** Writes `changes` and moves the version on, in one statement. */
  async update(
    tx: EntityManager,
    id: string,
    by: string,
    changes: ReadonlyArray<readonly [string, unknown]>,
  ): Promise<void> {
    await queryRows(tx, updateSql(changes.map(([column]) => column)), [id, by, ...changes.map(([, value]) => value)]);
  }

  private async page(sql: MilestonePageSql): Promise<MilestonePage> {
    const rows = await queryRows<MilestoneReadRow>(this.db, sql.rows.sql, sql.rows.params);
    const counted = await queryRow<{ total: number }>(this.db, sql.total.sql, sql.total.params);
    const page = rows.slice(0, sql.limit);
    const last = page.at(-1);
    return {
      items: page.map(toMilestoneResponse),
      total: counted?.total ?? 0,
      nextCursor: rows.length > sql.limit && last ? encodeCursor({ sort: SORT, key: last.due_on, id: last.id }) : null,
    };
  }
}

// Every clause a list, an insert and an update can switch on, for test/data-layer.e2e-spec.ts.
const cursor = encodeCursor({ sort: SORT, key: '2027-03-31', id: '00000000-0000-4000-8000-000000000000' });
const everyFilter: ListMilestonesQuery = {
  agreementId: '00000000-0000-4000-8000-000000000000',
  ownerAgency: 'MDES',
  area: 'cybersecurity',
  dueFrom: '2026-01-01',
  dueTo: '2027-12-31',
  overdue: false,
  cursor,
};
const everyColumn = [...Object.values(milestoneWritableColumns), 'completed_on', 'archived_at', 'archived_by'];
const findOneSql = (): string => `SELECT ${milestoneColumns('$2::date')} FROM ${milestoneFrom} WHERE m.id = $1`;

registerStatementSamples(import.meta.url, {
  findOne: findOneSql,
  ...Object.fromEntries(
    (['overdue', 'planned', 'done'] as const).map((status) => [
      `list, status ${status}`,
      () => milestoneListSql({ ...everyFilter, status }, '2026-12-04').rows.sql,
    ]),
  ),
  'list total': () => milestoneListSql({ ...everyFilter, overdue: true }, '2026-12-04').total.sql,
  "an agreement's list": () => agreementMilestonesSql(everyFilter.agreementId!, { cursor }, '2026-12-04').rows.sql,
  "an agreement's total": () =>
    agreementMilestonesSql(everyFilter.agreementId!, { includeArchived: true }, '2026-12-04').total.sql,
  insert: () =>
    insertSql([...everyColumn.filter((c) => !c.startsWith('archived')), 'agreement_id', 'created_by', 'updated_by']),
  update: () => updateSql(everyColumn),
});
