import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import { ListMilestonesQuery, MilestonePageQuery } from './dto/list-milestones.query.js';
import { MilestonePage, MilestoneResponse } from './dto/milestone.response.js';
import {
  milestoneColumns,
  milestoneFrom,
  type MilestoneRow,
  overdueSql,
  toMilestoneResponse,
} from './milestone.read-model.js';

/** The one ordering of every milestone list; ix_milestone_due and ix_milestone_agreement_due serve it. */
const SORT = 'dueOn';

@Injectable()
export class MilestonesQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** GET /milestones: one page in two queries (rows joined to their agreement, and the total). */
  list(query: ListMilestonesQuery): Promise<MilestonePage> {
    const p = new SqlParams();
    const today = this.todayParam(p);
    return this.page(query, p, milestoneFilters(query, p, today), today);
  }

  /**
   * An agreement's milestones, archived agreement or not (the agreement itself stays
   * readable when archived). Three queries: the agreement exists, the rows, the total.
   */
  async listForAgreement(agreementId: string, query: MilestonePageQuery): Promise<MilestonePage> {
    const found = await this.db.query('SELECT 1 FROM agreement WHERE id = $1', [agreementId]);
    if (!found.length) throw DomainError.notFound('Agreement', agreementId);
    const p = new SqlParams();
    const where = [`m.agreement_id = ${p.add(agreementId)}::uuid`];
    if (!query.includeArchived) where.push('m.archived_at IS NULL');
    return this.page(query, p, where, this.todayParam(p));
  }

  /** One milestone, archived or not; pass the transaction's manager when called inside one. */
  async findOne(id: string, manager: EntityManager | DataSource = this.db): Promise<MilestoneResponse> {
    const rows: MilestoneRow[] = await manager.query(
      `SELECT ${milestoneColumns('$2::date')} FROM ${milestoneFrom} WHERE m.id = $1`,
      [id, this.clock.today()],
    );
    if (!rows.length) throw DomainError.notFound('Milestone', id);
    return toMilestoneResponse(rows[0]);
  }

  private async page(
    query: MilestonePageQuery,
    p: SqlParams,
    where: string[],
    today: () => string,
  ): Promise<MilestonePage> {
    const limit = query.limit ?? 50;
    // The total sees the filters but not the cursor; parameters added later sit past its slice.
    const totalSql = `SELECT count(*)::int AS total FROM ${milestoneFrom} ${whereSql(where)}`;
    const totalParams = [...p.values];
    const columns = milestoneColumns(today());
    const seek = [...where];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, SORT);
      seek.push(`(m.due_on, m.id) > (${p.add(cursor.key)}::date, ${p.add(cursor.id)}::uuid)`);
    }
    const rows: MilestoneRow[] = await this.db.query(
      `SELECT ${columns} FROM ${milestoneFrom} ${whereSql(seek)} ORDER BY m.due_on, m.id LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(totalSql, totalParams);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toMilestoneResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: SORT, key: last.due_on, id: last.id }) : null,
    };
  }

  /** The office's date as one parameter, added the first time a filter or the columns need it. */
  private todayParam(p: SqlParams): () => string {
    let placeholder: string | undefined;
    return () => (placeholder ??= `${p.add(this.clock.today())}::date`);
  }
}

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
