import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, DomainError, isCalendarDate } from '@mou/domain';
import { type Cursor, decodeCursor, encodeCursor } from '../common/cursor.js';
import { documentTextMatchSql, matchedDocumentsSql } from '@mou/documents';
import { likeContains, SqlParams } from '../common/sql-params.js';
import {
  agreementColumns,
  type AgreementRow,
  effectiveStatusSql,
  toAgreementResponse,
} from './agreement.read-model.js';
import { AgreementPage, AgreementResponse } from './dto/agreement.response.js';
import { type AgreementSort, ListAgreementsQuery } from './dto/list-agreements.query.js';

/** Each sort key as SQL, matching an index on (expression, id); nulls sort as 'infinity'. Exports sort alike. */
export const sortKeys: Record<string, { sql: string; type: string }> = {
  createdAt: { sql: 'a.created_at', type: 'timestamptz' },
  reference: { sql: 'a.reference', type: 'text' },
  expiresOn: { sql: "coalesce(a.expires_on, 'infinity'::date)", type: 'date' },
  signedOn: { sql: "coalesce(a.signed_on, 'infinity'::date)", type: 'date' },
};

function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({
    message: `${field} ${message}`,
    code: 'VALIDATION_FAILED',
    errors: [{ field, message }],
  });
}

/**
 * Filters shared by the list, its total and exports; every one has an index. Text that
 * PostgreSQL cannot take (NUL) was refused before any route ran (storable-input.hook.ts).
 */
export function agreementFilters(query: ListAgreementsQuery, p: SqlParams, todayValue: string): string[] {
  const where: string[] = [];
  if (!query.includeArchived) where.push('a.archived_at IS NULL');
  if (query.q) {
    // The register's own text, or the current text of one of its live documents (both by trigram index).
    const pattern = `lower(${p.add(likeContains(query.q))})`;
    where.push(`(a.search_text LIKE ${pattern} OR ${documentTextMatchSql(pattern)})`);
  }
  if (query.country) {
    // Party codes are stored upper case (JP, ASEAN); accept them in any case.
    where.push(`a.parties @> ${p.add(JSON.stringify([{ country: query.country.toUpperCase() }]))}::jsonb`);
  }
  if (query.area) {
    where.push(
      `EXISTS (SELECT 1 FROM agreement_area aa WHERE aa.agreement_id = a.id AND aa.area_code = ${p.add(query.area)})`,
    );
  }
  const today = () => `${p.add(todayValue)}::date`;
  // Status as read (effectiveStatusSql); the stored statuses it can come from keep an index usable.
  const readFrom: Partial<Record<string, string[]>> = {
    'in-force': ['in-force'],
    expired: ['in-force', 'expired'],
    signed: ['signed'],
    terminated: ['in-force', 'signed', 'terminated'],
  };
  const stored = query.status && readFrom[query.status];
  if (stored) {
    where.push(
      `a.status = ANY(${p.add(stored)}::text[]) AND (${effectiveStatusSql(today())}) = ${p.add(query.status)}`,
    );
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

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** timestamptz as PostgreSQL writes it (ISO DateStyle), e.g. 2026-11-26 09:00:00.123456+07. */
const instantPattern =
  /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-5])(:[0-5]\d){0,2}$/;

/**
 * A cursor is client-held text: before its key reaches SQL as a date, an instant or a uuid,
 * check it is one, so a forged or damaged cursor is a 400 and never a database error (500)
 * or a silently empty page (a null key).
 */
function checkCursor(cursor: Cursor, type: string): Cursor {
  const { key, id } = cursor;
  const keyOk =
    typeof key === 'string' &&
    !key.includes('\u0000') &&
    (type === 'text' ||
      (type === 'date' && (key === 'infinity' || isCalendarDate(key))) ||
      (type === 'timestamptz' && isCalendarDate(instantPattern.exec(key)?.[1])));
  if (!keyOk || !uuidPattern.test(id)) {
    throw badRequest('cursor', 'is not a cursor this list gave out (for this sort)');
  }
  return cursor;
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

    // Read the office's date once: the status filter and the status shown must agree, even
    // when a request straddles midnight.
    const todayValue = this.clock.today();
    const p = new SqlParams();
    const where = agreementFilters(query, p, todayValue);
    const totalParams = [...p.values];
    const totalWhere = [...where];
    const today = `${p.add(todayValue)}::date`;
    // With q, each agreement on the page says which of its documents matched (none: the record did).
    const matched = query.q
      ? `, ${matchedDocumentsSql(`lower(${p.add(likeContains(query.q))})`, `lower(${p.add(query.q)})`)} AS matched_documents`
      : '';

    if (query.cursor) {
      const cursor = checkCursor(decodeCursor(query.cursor, sort), key.type);
      where.push(
        `(${key.sql}, a.id) ${descending ? '<' : '>'} (${p.add(cursor.key)}::${key.type}, ${p.add(cursor.id)}::uuid)`,
      );
    }
    const direction = descending ? 'DESC' : 'ASC';
    const rows: Array<AgreementRow & { sort_key: string | null }> = await this.db.query(
      `SELECT ${agreementColumns(today)}, (${key.sql})::text AS sort_key${matched}
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
