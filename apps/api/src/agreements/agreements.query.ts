import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { likeContains, SqlParams } from '../common/sql-params.js';
import { agreementColumns, type AgreementRow, toAgreementResponse } from './agreement.read-model.js';
import { AgreementPage, AgreementResponse } from './dto/agreement.response.js';
import { type AgreementSort, ListAgreementsQuery } from './dto/list-agreements.query.js';

/** Each sort key as SQL, matching an index on (expression, id); nulls sort as 'infinity'. */
const sortKeys: Record<string, { sql: string; type: string }> = {
  createdAt: { sql: 'a.created_at', type: 'timestamptz' },
  reference: { sql: 'a.reference', type: 'text' },
  expiresOn: { sql: "coalesce(a.expires_on, 'infinity'::date)", type: 'date' },
  signedOn: { sql: "coalesce(a.signed_on, 'infinity'::date)", type: 'date' },
};

/** Filters shared by the list, its total and (later) exports; every one has an index. */
export function agreementFilters(query: ListAgreementsQuery, p: SqlParams, todayValue: string): string[] {
  const where: string[] = [];
  if (!query.includeArchived) where.push('a.archived_at IS NULL');
  if (query.q) where.push(`a.search_text LIKE lower(${p.add(likeContains(query.q))})`);
  if (query.country) where.push(`a.parties @> ${p.add(JSON.stringify([{ country: query.country }]))}::jsonb`);
  if (query.area) {
    where.push(
      `EXISTS (SELECT 1 FROM agreement_area aa WHERE aa.agreement_id = a.id AND aa.area_code = ${p.add(query.area)})`,
    );
  }
  const today = () => `${p.add(todayValue)}::date`;
  if (query.status === 'expired') {
    where.push(`(a.status = 'expired' OR (a.status = 'in-force' AND a.expires_on < ${today()}))`);
  } else if (query.status === 'in-force') {
    where.push(`a.status = 'in-force' AND (a.expires_on IS NULL OR a.expires_on >= ${today()})`);
  } else if (query.status) {
    where.push(`a.status = ${p.add(query.status)}`);
  }
  if (query.kind) where.push(`a.kind = ${p.add(query.kind)}`);
  if (query.leadAgency) where.push(`a.lead_agency = ${p.add(query.leadAgency)}`);
  if (query.expiresFrom) where.push(`a.expires_on >= ${p.add(query.expiresFrom)}`);
  if (query.expiresTo) where.push(`a.expires_on <= ${p.add(query.expiresTo)}`);
  if (query.signedFrom) where.push(`a.signed_on >= ${p.add(query.signedFrom)}`);
  if (query.signedTo) where.push(`a.signed_on <= ${p.add(query.signedTo)}`);
  return where;
}

@Injectable()
export class AgreementsQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** One page in two queries (rows with their areas, and the total), however many match. */
  async list(query: ListAgreementsQuery): Promise<AgreementPage> {
    const sort: AgreementSort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const key = sortKeys[sort.replace(/^-/, '')];
    const limit = query.limit ?? 50;

    const p = new SqlParams();
    const where = agreementFilters(query, p, this.clock.today());
    const totalParams = [...p.values];
    const totalWhere = [...where];
    const today = `${p.add(this.clock.today())}::date`;

    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, sort);
      where.push(
        `(${key.sql}, a.id) ${descending ? '<' : '>'} (${p.add(cursor.key)}::${key.type}, ${p.add(cursor.id)}::uuid)`,
      );
    }
    const direction = descending ? 'DESC' : 'ASC';
    const rows: Array<AgreementRow & { sort_key: string | null }> = await this.db.query(
      `SELECT ${agreementColumns(today)}, (${key.sql})::text AS sort_key
         FROM agreement a
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${key.sql} ${direction}, a.id ${direction}
        LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM agreement a ${totalWhere.length ? `WHERE ${totalWhere.join(' AND ')}` : ''}`,
      totalParams,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toAgreementResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort, key: last.sort_key, id: last.id }) : null,
    };
  }

  /** One agreement; pass the transaction's manager when called inside one. */
  async findOne(id: string, manager: EntityManager | DataSource = this.db): Promise<AgreementResponse> {
    const rows: AgreementRow[] = await manager.query(
      `SELECT ${agreementColumns('$2::date')} FROM agreement a WHERE a.id = $1`,
      [id, this.clock.today()],
    );
    if (!rows.length) throw DomainError.notFound('Agreement', id);
    return toAgreementResponse(rows[0]);
  }
}
