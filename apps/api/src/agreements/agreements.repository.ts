import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AgreementRow,
  type BuiltStatement,
  type Queryable,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import { Clock, DomainError, isCalendarDate } from '@mou/domain';
import { documentTextMatchSql, matchedDocumentsSql } from '@mou/documents';
import { type Cursor, decodeCursor, encodeCursor } from '../common/cursor.js';
import { likeContains, SqlParams } from '../common/sql-params.js';
import {
  agreementColumns,
  type AgreementReadRow,
  effectiveStatusSql,
  toAgreementResponse,
} from './agreement.read-model.js';
import { agreementWritableColumns } from './agreement-columns.js';
import { AgreementPage, AgreementResponse } from './dto/agreement.response.js';
import type { AgreementSort, ListAgreementsQuery } from './dto/list-agreements.query.js';

/** Every statement on `agreement` and its areas; terms are in agreement-terms.repository.ts. */

/** The row as a change locks it, with what the status rules need. */
export type LockedAgreement = Pick<
  AgreementRow,
  | 'id'
  | 'status'
  | 'version'
  | 'title_en'
  | 'title_th'
  | 'cabinet_approved_on'
  | 'signed_on'
  | 'effective_on'
  | 'expires_on'
  | 'archived_at'
  | 'lead_agency'
  | 'reference'
  | 'renewal'
  | 'term_months'
  | 'decision'
  | 'decision_term_starts_on'
  | 'terminates_on'
  | 'supersedes_id'
> & { term_starts_on: string | null };

/** A column and the value a write gives it (columns are the code's constants, never user text). */
export type ColumnChange = readonly [column: string, value: unknown];

/** Each sort key as SQL, matching an index on (expression, id); nulls sort as 'infinity'. Exports sort alike. */
export const sortKeys: Record<string, { sql: string; type: string }> = {
  createdAt: { sql: 'a.created_at', type: 'timestamptz' },
  reference: { sql: 'a.reference', type: 'text' },
  expiresOn: { sql: "coalesce(a.expires_on, 'infinity'::date)", type: 'date' },
  signedOn: { sql: "coalesce(a.signed_on, 'infinity'::date)", type: 'date' },
};

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
    throw DomainError.invalid([{ field: 'cursor', message: 'is not a cursor this list gave out (for this sort)' }]);
  }
  return cursor;
}

/** The two statements of one page of GET /agreements: its rows (one more than the limit) and the total. */
export function agreementListSql(
  query: ListAgreementsQuery,
  todayValue: string,
): { sort: AgreementSort; limit: number; rows: BuiltStatement; total: BuiltStatement } {
  const sort: AgreementSort = query.sort ?? '-createdAt';
  const descending = sort.startsWith('-');
  const key = sortKeys[sort.replace(/^-/, '')];
  const limit = query.limit ?? 50;
  const p = new SqlParams();
  const where = agreementFilters(query, p, todayValue);
  const total = {
    sql: `SELECT count(*)::int AS total FROM agreement a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params: [...p.values],
  };
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
  const rows = {
    sql: `SELECT ${agreementColumns(today)}, (${key.sql})::text AS sort_key${matched}
         FROM agreement a
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${key.sql} ${direction}, a.id ${direction}
        LIMIT ${limit + 1}`,
    params: p.values,
  };
  return { sort, limit, rows, total };
}

const lockedColumns = `id, status, version, title_en, title_th, cabinet_approved_on, signed_on, effective_on, expires_on,
  archived_at, lead_agency, reference, renewal, term_months,
  coalesce(term_started_on, effective_on) AS term_starts_on, decision, decision_term_starts_on,
  terminates_on, supersedes_id`;

const insertSql = (columns: readonly string[]) =>
  `INSERT INTO agreement (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`;

/** $1 the id, $2 who changes it, then one parameter per change. */
const updateSql = (columns: readonly string[]) =>
  `UPDATE agreement SET ${[...columns.map((column, i) => `${column} = $${i + 3}`), 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')} WHERE id = $1`;

@Injectable()
export class AgreementsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** One page in two queries (rows with their areas, and the total), however many match. */
  async list(query: ListAgreementsQuery): Promise<AgreementPage> {
    // Read the office's date once: the status filter and the status shown must agree, even
    // when a request straddles midnight.
    const { sort, limit, rows: rowsSql, total: totalSql } = agreementListSql(query, this.clock.today());
    const rows = await queryRows<AgreementReadRow & { sort_key: string | null }>(this.db, rowsSql.sql, rowsSql.params);
    const counted = await queryRow<{ total: number }>(this.db, totalSql.sql, totalSql.params);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toAgreementResponse),
      total: counted?.total ?? 0,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort, key: last.sort_key, id: last.id }) : null,
    };
  }

  /** One agreement; pass the transaction's manager when called inside one. */
  async findOne(id: string, runner: Queryable = this.db): Promise<AgreementResponse> {
    const row = await queryRow<AgreementReadRow>(runner, findOneSql(), [id, this.clock.today()]);
    if (!row) throw DomainError.notFound('Agreement', id);
    return toAgreementResponse(row);
  }

  async exists(id: string): Promise<boolean> {
    return (
      (await queryRows<{ found: number }>(this.db, 'SELECT 1 AS found FROM agreement WHERE id = $1', [id])).length > 0
    );
  }

  /** Locks the row for the transaction; null when there is none. */
  lock(tx: EntityManager, id: string): Promise<LockedAgreement | null> {
    return queryRow<LockedAgreement>(tx, lockSql(), [id]);
  }

  /** Shares the row's lock: it cannot be archived while something is added under it. */
  lockShared(tx: EntityManager, id: string): Promise<Pick<AgreementRow, 'archived_at' | 'lead_agency'> | null> {
    return queryRow(tx, 'SELECT archived_at, lead_agency FROM agreement WHERE id = $1 FOR SHARE', [id]);
  }

  leadAgencyOf(tx: EntityManager, id: string): Promise<Pick<AgreementRow, 'lead_agency'> | null> {
    return queryRow(tx, 'SELECT lead_agency FROM agreement WHERE id = $1', [id]);
  }

  async referenceTaken(tx: EntityManager, reference: string): Promise<boolean> {
    const rows = await queryRows<{ taken: number }>(tx, 'SELECT 1 AS taken FROM agreement WHERE reference = $1', [
      reference,
    ]);
    return rows.length > 0;
  }

  /** Takes the next number of a reference prefix and year; the upsert locks the counter row. */
  async nextReferenceNumber(tx: EntityManager, prefix: string, year: number): Promise<number> {
    const row = await queryRow<{ last_value: number }>(
      tx,
      `INSERT INTO reference_counter (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = reference_counter.last_value + 1
       RETURNING last_value`,
      [prefix, year],
    );
    return row!.last_value;
  }

  async insert(tx: EntityManager, values: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(values);
    const row = await queryRow<Pick<AgreementRow, 'id'>>(tx, insertSql(columns), Object.values(values));
    return row!.id;
  }

  /** Writes `changes` and moves the version on, in one statement. */
  async update(tx: EntityManager, id: string, by: string, changes: readonly ColumnChange[]): Promise<void> {
    await queryRows(tx, updateSql(changes.map(([column]) => column)), [id, by, ...changes.map(([, value]) => value)]);
  }

  /** The agreement's areas become exactly `areas`. */
  async replaceAreas(tx: EntityManager, id: string, areas: string[]): Promise<void> {
    await queryRows(tx, 'DELETE FROM agreement_area WHERE agreement_id = $1 AND NOT (area_code = ANY($2))', [
      id,
      areas,
    ]);
    await queryRows(
      tx,
      `INSERT INTO agreement_area (agreement_id, area_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [id, areas],
    );
  }
}

// Every clause the list, an insert and an update can switch on, for test/data-layer.e2e-spec.ts.
const everyFilter: Partial<ListAgreementsQuery> = {
  q: 'digital',
  country: 'jp',
  area: 'cybersecurity',
  kind: 'mou',
  leadAgency: 'MDES',
  expiresFrom: '2020-01-01',
  expiresTo: '2030-12-31',
  signedFrom: '2015-01-01',
  signedTo: '2025-12-31',
};
const cursorKeys: Record<string, string> = {
  createdAt: '2026-11-26 09:00:00.123456+07',
  reference: 'MOU-2017-0001',
  expiresOn: '2027-05-30',
  signedOn: 'infinity',
};
const listSample = (extra: Partial<ListAgreementsQuery>) => () =>
  agreementListSql({ ...everyFilter, ...extra } as ListAgreementsQuery, '2026-12-04').rows.sql;
const everyColumn = [
  ...Object.values(agreementWritableColumns),
  'status',
  'term_started_on',
  'archived_at',
  'archived_by',
  'decision',
  'decision_note',
  'decided_at',
  'decided_by',
  'decision_term_starts_on',
  'termination_notice_on',
  'terminates_on',
];
const findOneSql = (): string => `SELECT ${agreementColumns('$2::date')} FROM agreement a WHERE a.id = $1`;
const lockSql = (): string => `SELECT ${lockedColumns} FROM agreement WHERE id = $1 FOR UPDATE`;

registerStatementSamples(import.meta.url, {
  findOne: findOneSql,
  lock: lockSql,
  'list, stored status read as in force': listSample({ status: 'in-force' }),
  'list, stored status': listSample({ status: 'draft', includeArchived: true }),
  'list total': () =>
    agreementListSql({ ...everyFilter, status: 'expired' } as ListAgreementsQuery, '2026-12-04').total.sql,
  ...Object.fromEntries(
    Object.entries(cursorKeys).flatMap(([key, value]) =>
      (['', '-'] as const).map((sign) => {
        const sort = `${sign}${key}` as AgreementSort;
        const cursor = encodeCursor({ sort, key: value, id: '00000000-0000-4000-8000-000000000000' });
        return [`list sorted by ${sort} after a cursor`, listSample({ sort, cursor })];
      }),
    ),
  ),
  insert: () =>
    insertSql([...new Set([...Object.values(agreementWritableColumns), 'status', 'created_by', 'updated_by'])]),
  update: () => updateSql(everyColumn),
});
