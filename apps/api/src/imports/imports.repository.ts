import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  jsonBatches,
  queryRow,
  queryRows,
  registerStatementSamples,
  type AgreementRow,
  type ImportMappingRow,
  type MilestoneRow,
  type SpreadsheetImportRow,
} from '@mou/database';
import type { Party } from '@mou/domain';
import type { StoredProblem } from './import-messages.js';

/** Every statement the import sends, beside the row types it reads and writes. */

/** An import as read back: every column but the file's bytes, its JSON columns typed. */
export type ImportRow = Omit<SpreadsheetImportRow, 'content' | 'sheets' | 'summary'> & {
  sheets: SheetInfo[];
  summary: ImportSummary | null;
};

export interface SheetInfo {
  name: string;
  hidden: boolean;
  headerRow: number;
  headers: string[];
  rows: number;
}

export interface ImportSummary {
  agreements: ActionCounts;
  milestones: ActionCounts;
  problems: number;
  rowsWithProblems: number;
}

export interface ActionCounts {
  create: number;
  update: number;
  unchanged: number;
  problem: number;
}

export interface ReportRow {
  seq: number;
  sheet: string;
  row_number: number;
  action: 'create' | 'update' | 'unchanged' | 'problem';
  key: string | null;
  changes: Array<{ field: string; column: string | null; before: unknown; after: unknown }>;
  problems: StoredProblem[];
}

export type MappingRow = ImportMappingRow;

/** An agreement as the import compares it, with what its status rules need. */
export type ExistingAgreement = Pick<
  AgreementRow,
  | 'id'
  | 'reference'
  | 'external_id'
  | 'title_en'
  | 'title_th'
  | 'kind'
  | 'status'
  | 'binding'
  | 'lead_agency'
  | 'area_codes'
  | 'summary'
  | 'cabinet_approved_on'
  | 'cabinet_resolution_ref'
  | 'signed_on'
  | 'signed_place'
  | 'effective_on'
  | 'term_months'
  | 'renewal'
  | 'notice_days'
  | 'contacts'
  | 'source_urls'
  | 'tags'
  | 'version'
  | 'archived_at'
  | 'expires_on'
  | 'decision'
  | 'decision_term_starts_on'
  | 'terminates_on'
> & {
  parties: Party[];
  /** The current term's first day: term_started_on, or entry into force before any renewal. */
  term_starts_on: AgreementRow['term_started_on'];
};

export type ExistingMilestone = Pick<
  MilestoneRow,
  | 'id'
  | 'agreement_id'
  | 'external_id'
  | 'title'
  | 'description'
  | 'area_code'
  | 'owner_agency'
  | 'due_on'
  | 'status'
  | 'unit'
  | 'completed_on'
  | 'version'
  | 'archived_at'
> & {
  /** numeric, read as float8 to compare with the sheet's numbers. */
  target_value: number | null;
  actual_value: number | null;
};

/** A record a commit writes: column → value, for the agreement or milestone table. */
export type ColumnValues = Record<string, unknown>;

export interface AgreementWrite {
  /** Chosen by the planner for a new agreement. */
  id: string;
  columns: ColumnValues;
  /** The cooperation areas, when the sheet maps them. */
  areas: string[] | null;
}

export interface MilestoneWrite {
  id: string;
  columns: ColumnValues;
}

export interface ImportRecordRow {
  entity_type: 'agreement' | 'milestone';
  entity_id: string;
  action: 'create' | 'update';
  before: ColumnValues | null;
  version_after: number;
}

/** Columns an import may write on an agreement, with their SQL types for jsonb_to_recordset. */
export const agreementColumnTypes: Record<string, string> = {
  reference: 'text',
  area_codes: 'text[]',
  external_id: 'text',
  title_en: 'text',
  title_th: 'text',
  kind: 'text',
  status: 'text',
  binding: 'boolean',
  parties: 'jsonb',
  lead_agency: 'text',
  summary: 'text',
  cabinet_approved_on: 'date',
  cabinet_resolution_ref: 'text',
  signed_on: 'date',
  signed_place: 'text',
  effective_on: 'date',
  term_months: 'integer',
  renewal: 'text',
  notice_days: 'integer',
  contacts: 'text[]',
  source_urls: 'text[]',
  tags: 'text[]',
};

export const milestoneColumnTypes: Record<string, string> = {
  agreement_id: 'uuid',
  external_id: 'text',
  title: 'text',
  description: 'text',
  area_code: 'text',
  owner_agency: 'text',
  due_on: 'date',
  status: 'text',
  target_value: 'numeric',
  actual_value: 'numeric',
  unit: 'text',
  completed_on: 'date',
};

function recordType(columns: string[], types: Record<string, string>): string {
  return columns.map((c) => `${c} ${types[c]}`).join(', ');
}

const agreementSelect = `
  SELECT a.id, a.reference, a.external_id, a.title_en, a.title_th, a.kind, a.status, a.binding, a.parties,
         a.lead_agency, a.area_codes, a.summary, a.cabinet_approved_on, a.cabinet_resolution_ref, a.signed_on,
         a.signed_place, a.effective_on, a.term_months, a.renewal, a.notice_days, a.contacts, a.source_urls, a.tags,
         a.version, a.archived_at, a.expires_on, coalesce(a.term_started_on, a.effective_on) AS term_starts_on,
         a.decision, a.decision_term_starts_on, a.terminates_on
    FROM agreement a`;

const importColumns = `id, file_name, format, encoding, sha256, size_bytes, sheets, mapping, mapping_id,
    state, fingerprint, summary, checked_at, committed_at, committed_by, undone_at, undone_by, created_at, created_by,
    created_by_agency, version`;

type ImportedTable = 'agreement' | 'milestone';
const columnTypesOf = (table: ImportedTable) => (table === 'agreement' ? agreementColumnTypes : milestoneColumnTypes);

const findImportSql = (lock: boolean) =>
  `SELECT ${importColumns} FROM spreadsheet_import WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`;

const listImportsSql = () => `SELECT ${importColumns} FROM spreadsheet_import
        WHERE $2::text IS NULL OR created_by = $2
        ORDER BY created_at DESC, id DESC LIMIT $1`;

const findAgreementsSql = (lock: boolean) => `${agreementSelect}
        WHERE a.id IN (SELECT id FROM agreement WHERE reference = ANY($1::text[])
                       UNION
                       SELECT id FROM agreement WHERE external_id = ANY($2::text[]))
        ORDER BY a.id ${lock ? 'FOR UPDATE OF a' : ''}`;

const findMilestonesSql = (lock: boolean) =>
  `SELECT id, agreement_id, external_id, title, description, area_code, owner_agency, due_on, status,
              target_value::float8 AS target_value, actual_value::float8 AS actual_value, unit, completed_on,
              version, archived_at
         FROM milestone WHERE agreement_id = ANY($1::uuid[])
        ORDER BY agreement_id, due_on, id ${lock ? 'FOR UPDATE' : ''}`;

/** New rows with every importable column, from a JSON batch ($1), made by $2. */
function insertRowsSql(table: ImportedTable): string {
  const types = columnTypesOf(table);
  const columns = Object.keys(types);
  return `INSERT INTO ${table} (id, ${columns.join(', ')}, created_by, updated_by)
         SELECT r.id, ${columns.map((c) => `r.${c}`).join(', ')}, $2, $2
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, ${recordType(columns, types)})`;
}

/** Writes `columns` of existing rows from a JSON batch ($1), by $2, moving each to its next version. */
function updateRowsSql(table: ImportedTable, columns: string[]): string {
  const sets = [
    ...columns.map((c) => `${c} = r.${c}`),
    'version = t.version + 1',
    'updated_at = now()',
    'updated_by = $2',
  ];
  const record = ['id uuid', ...(columns.length ? [recordType(columns, columnTypesOf(table))] : [])].join(', ');
  return `UPDATE ${table} t
            SET ${sets.join(', ')}
           FROM jsonb_to_recordset($1::jsonb) AS r(${record})
          WHERE t.id = r.id`;
}

const versionsOfSql = (table: ImportedTable) =>
  `SELECT id, version FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

const archiveSql = (table: ImportedTable) =>
  `UPDATE ${table} SET archived_at = now(), archived_by = $2, version = version + 1, updated_at = now(), updated_by = $2
        WHERE id = ANY($1::uuid[])`;

registerStatementSamples(import.meta.url, {
  findImport: () => findImportSql(false),
  findImportLocked: () => findImportSql(true),
  listImports: listImportsSql,
  findAgreements: () => findAgreementsSql(false),
  findAgreementsLocked: () => findAgreementsSql(true),
  findMilestones: () => findMilestonesSql(false),
  findMilestonesLocked: () => findMilestonesSql(true),
  ...Object.fromEntries(
    (['agreement', 'milestone'] as const).flatMap((table) => [
      [`insert ${table}`, () => insertRowsSql(table)],
      [`update every ${table} column`, () => updateRowsSql(table, Object.keys(columnTypesOf(table)))],
      [`update only the ${table} version`, () => updateRowsSql(table, [])],
      [`versions of ${table}`, () => versionsOfSql(table)],
      [`archive ${table}`, () => archiveSql(table)],
    ]),
  ),
});

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private q(tx?: EntityManager) {
    return tx ?? this.db.manager;
  }

  async insertImport(values: {
    fileName: string;
    format: string;
    encoding: string | null;
    sha256: string;
    content: Buffer;
    sheets: SheetInfo[];
    mapping: unknown;
    mappingId: string | null;
    createdBy: string;
    agency: string | null;
  }): Promise<string> {
    const inserted = await queryRow<Pick<SpreadsheetImportRow, 'id'>>(
      this.db,
      `INSERT INTO spreadsheet_import (file_name, format, encoding, sha256, size_bytes, content, sheets, mapping,
                                       mapping_id, created_by, created_by_agency)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11) RETURNING id`,
      [
        values.fileName,
        values.format,
        values.encoding,
        values.sha256,
        values.content.length,
        values.content,
        JSON.stringify(values.sheets),
        JSON.stringify(values.mapping),
        values.mappingId,
        values.createdBy,
        values.agency,
      ],
    );
    return inserted!.id;
  }

  async findImport(id: string, tx?: EntityManager, lock = false): Promise<ImportRow | null> {
    return queryRow<ImportRow>(this.q(tx), findImportSql(lock), [id]);
  }

  async importContent(id: string): Promise<Buffer> {
    const [row] = await this.db.query('SELECT content FROM spreadsheet_import WHERE id = $1', [id]);
    return row.content as Buffer;
  }

  /** The latest imports, newest first; `createdBy` keeps an officer's own. */
  async listImports(limit: number, createdBy: string | null): Promise<ImportRow[]> {
    return queryRows<ImportRow>(this.db, listImportsSql(), [limit, createdBy]);
  }

  /** A new mapping invalidates the last dry run. */
  async setMapping(id: string, mapping: unknown, mappingId: string | null): Promise<void> {
    await this.db.query(
      `UPDATE spreadsheet_import
          SET mapping = $2::jsonb, mapping_id = $3, state = 'uploaded', fingerprint = NULL, summary = NULL,
              checked_at = NULL, version = version + 1
        WHERE id = $1`,
      [id, JSON.stringify(mapping), mappingId],
    );
  }

  /** A dry run starts by dropping the last one's report rows (derived data, replaced whole). */
  async clearReport(tx: EntityManager, id: string): Promise<void> {
    await tx.query('DELETE FROM spreadsheet_import_row WHERE import_id = $1', [id]);
  }

  /** Report rows numbered from `after` + 1, in one statement. */
  async insertReportRows(
    tx: EntityManager,
    id: string,
    after: number,
    rows: Iterable<Omit<ReportRow, 'seq'>>,
  ): Promise<void> {
    for (const json of jsonBatches(numbered(rows))) {
      await tx.query(
        `INSERT INTO spreadsheet_import_row (import_id, seq, sheet, row_number, action, key, changes, problems)
         SELECT $1, $2 + r.n, r.sheet, r.row_number, r.action, r.key, r.changes, r.problems
           FROM jsonb_to_recordset($3::jsonb)
                AS r(n integer, sheet text, row_number integer, action text, key text, changes jsonb, problems jsonb)`,
        [id, after, json],
      );
    }
  }

  async markChecked(tx: EntityManager, id: string, fingerprint: string, summary: ImportSummary): Promise<void> {
    await tx.query(
      `UPDATE spreadsheet_import
          SET state = 'checked', fingerprint = $2, summary = $3::jsonb, checked_at = now(), version = version + 1
        WHERE id = $1`,
      [id, fingerprint, JSON.stringify(summary)],
    );
  }

  /** A page of the report in row order; `actions` filters, `withProblems` keeps only rows with problems. */
  async reportRows(
    id: string,
    filter: { actions?: string[]; afterSeq: number; limit: number; withProblems?: boolean },
  ): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT seq, sheet, row_number, action, key, changes, problems
         FROM spreadsheet_import_row
        WHERE import_id = $1 AND seq > $2 AND ($3::text[] IS NULL OR action = ANY($3::text[]))
          AND (NOT $5 OR problems <> '[]'::jsonb)
        ORDER BY seq LIMIT $4`,
      [id, filter.afterSeq, filter.actions ?? null, filter.limit, filter.withProblems ?? false],
    );
  }

  /** Every row's problems, for the problems download (only rows that have some). */
  async problemRows(id: string): Promise<Array<Pick<ReportRow, 'sheet' | 'row_number' | 'problems'>>> {
    return this.db.query(
      `SELECT sheet, row_number, problems FROM spreadsheet_import_row
        WHERE import_id = $1 AND problems <> '[]'::jsonb ORDER BY seq`,
      [id],
    );
  }

  async cooperationAreas(): Promise<Array<{ code: string; label_en: string; label_th: string }>> {
    return this.db.query('SELECT code, label_en, label_th FROM cooperation_area ORDER BY code');
  }

  /**
   * Agreements by reference or external id: two index lookups (uq_agreement_reference,
   * uq_agreement_external_id) in one statement; `lock` for the commit.
   */
  async findAgreements(
    references: string[],
    externalIds: string[],
    tx: EntityManager,
    lock: boolean,
  ): Promise<ExistingAgreement[]> {
    if (!references.length && !externalIds.length) return [];
    return queryRows<ExistingAgreement>(tx, findAgreementsSql(lock), [references, externalIds]);
  }

  async findMilestones(agreementIds: string[], tx: EntityManager, lock: boolean): Promise<ExistingMilestone[]> {
    if (!agreementIds.length) return [];
    return queryRows<ExistingMilestone>(tx, findMilestonesSql(lock), [agreementIds]);
  }

  /**
   * Next free references for new agreements of one kind prefix and year: the counter is
   * moved on by `count` in one locked upsert, numbers already typed by hand are skipped.
   */
  async allocateReferences(tx: EntityManager, prefix: string, year: number, count: number): Promise<string[]> {
    const out: string[] = [];
    while (out.length < count) {
      const want = count - out.length;
      const [{ last_value: last }] = await tx.query(
        `INSERT INTO reference_counter (prefix, year, last_value) VALUES ($1, $2, $3)
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = reference_counter.last_value + $3
         RETURNING last_value`,
        [prefix, year, want],
      );
      const candidates = Array.from(
        { length: want },
        (_, i) => `${prefix}-${year}-${String(last - want + 1 + i).padStart(4, '0')}`,
      );
      const taken: Array<{ reference: string }> = await tx.query(
        'SELECT reference FROM agreement WHERE reference = ANY($1::text[])',
        [candidates],
      );
      const used = new Set(taken.map((t) => t.reference));
      out.push(...candidates.filter((c) => !used.has(c)));
    }
    return out;
  }

  /** New agreements, their ids chosen by the caller (so rows need no mapping back). */
  async insertAgreements(tx: EntityManager, rows: AgreementWrite[], actor: string): Promise<void> {
    for (const json of jsonBatches(rows.map((row) => ({ id: row.id, ...row.columns })))) {
      await tx.query(insertRowsSql('agreement'), [json, actor]);
    }
    await this.replaceAreas(
      tx,
      rows.flatMap((row) => (row.areas?.length ? [{ id: row.id, areas: row.areas }] : [])),
    );
  }

  /** Writes the given columns of existing agreements (each row its own set) and bumps their versions. */
  async updateAgreements(tx: EntityManager, rows: AgreementWrite[], actor: string): Promise<void> {
    // Rows grouped by the set of columns they change: one UPDATE per shape (and batch).
    const changing = rows.filter((row) => Object.keys(row.columns).length);
    for (const [shape, group] of groupBy(changing, (row) => Object.keys(row.columns).sort().join(','))) {
      const columns = shape.split(',');
      for (const json of jsonBatches(group.map((row) => ({ id: row.id, ...row.columns })))) {
        await tx.query(updateRowsSql('agreement', columns), [json, actor]);
      }
    }
    await this.replaceAreas(
      tx,
      rows.flatMap((row) => (row.areas ? [{ id: row.id, areas: row.areas }] : [])),
    );
    // An agreement whose only change is its areas still moves to its next version.
    const areasOnly = rows.filter((row) => row.areas && !Object.keys(row.columns).length).map((row) => row.id);
    if (areasOnly.length) {
      await tx.query(
        `UPDATE agreement SET version = version + 1, updated_at = now(), updated_by = $2 WHERE id = ANY($1::uuid[])`,
        [areasOnly, actor],
      );
    }
  }

  /** Sets each agreement's cooperation areas to exactly the given codes. */
  async replaceAreas(tx: EntityManager, rows: Array<{ id: string; areas: string[] }>): Promise<void> {
    for (const json of jsonBatches(rows)) {
      await tx.query(
        `DELETE FROM agreement_area aa
          USING jsonb_to_recordset($1::jsonb) AS r(id uuid, areas text[])
          WHERE aa.agreement_id = r.id AND NOT (aa.area_code = ANY(r.areas))`,
        [json],
      );
      await tx.query(
        `INSERT INTO agreement_area (agreement_id, area_code)
         SELECT r.id, unnest(r.areas) FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, areas text[])
         ON CONFLICT DO NOTHING`,
        [json],
      );
    }
  }

  async insertMilestones(tx: EntityManager, rows: MilestoneWrite[], actor: string): Promise<void> {
    for (const json of jsonBatches(rows.map((row) => ({ id: row.id, ...row.columns })))) {
      await tx.query(insertRowsSql('milestone'), [json, actor]);
    }
  }

  async updateMilestones(tx: EntityManager, rows: MilestoneWrite[], actor: string): Promise<void> {
    for (const [shape, group] of groupBy(rows, (row) => Object.keys(row.columns).sort().join(','))) {
      const columns = shape.split(',');
      for (const json of jsonBatches(group.map((row) => ({ id: row.id, ...row.columns })))) {
        await tx.query(updateRowsSql('milestone', columns), [json, actor]);
      }
    }
  }

  /** Current versions, rows locked for the rest of the transaction. */
  async versionsOf(tx: EntityManager, table: 'agreement' | 'milestone', ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ id: string; version: number }>(tx, versionsOfSql(table), [ids]);
    return new Map(rows.map((row) => [row.id, row.version]));
  }

  async insertRecords(tx: EntityManager, importId: string, rows: ImportRecordRow[]): Promise<void> {
    for (const json of jsonBatches(rows)) {
      await tx.query(
        `INSERT INTO spreadsheet_import_record (import_id, entity_type, entity_id, action, before, version_after)
         SELECT $1, r.entity_type, r.entity_id, r.action, r.before, r.version_after
           FROM jsonb_to_recordset($2::jsonb)
                AS r(entity_type text, entity_id uuid, action text, before jsonb, version_after integer)`,
        [importId, json],
      );
    }
  }

  async markCommitted(tx: EntityManager, id: string, actor: string): Promise<void> {
    await tx.query(
      `UPDATE spreadsheet_import SET state = 'committed', committed_at = now(), committed_by = $2, version = version + 1
        WHERE id = $1`,
      [id, actor],
    );
  }

  /** What a commit did (compare version_after with versionsOf before undoing it). */
  async records(tx: EntityManager, importId: string): Promise<ImportRecordRow[]> {
    return tx.query(
      `SELECT entity_type, entity_id, action, before, version_after
         FROM spreadsheet_import_record WHERE import_id = $1 ORDER BY entity_type, entity_id`,
      [importId],
    );
  }

  /** Agreement references and, for milestones, titles: to name edited records in an undo's refusal. */
  async describe(tx: EntityManager, agreementIds: string[], milestoneIds: string[]): Promise<string[]> {
    const rows: Array<{ label: string }> = await tx.query(
      `SELECT reference AS label FROM agreement WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT a.reference || ' / ' || m.title FROM milestone m JOIN agreement a ON a.id = m.agreement_id
        WHERE m.id = ANY($2::uuid[])`,
      [agreementIds, milestoneIds],
    );
    return rows.map((row) => row.label);
  }

  async agreementIdsOf(tx: EntityManager, milestoneIds: string[]): Promise<string[]> {
    if (!milestoneIds.length) return [];
    const rows: Array<{ agreement_id: string }> = await tx.query(
      'SELECT DISTINCT agreement_id FROM milestone WHERE id = ANY($1::uuid[])',
      [milestoneIds],
    );
    return rows.map((row) => row.agreement_id);
  }

  /** Archives what an import created (nothing is deleted). */
  async archive(tx: EntityManager, table: 'agreement' | 'milestone', ids: string[], actor: string): Promise<void> {
    if (!ids.length) return;
    await tx.query(archiveSql(table), [ids, actor]);
  }

  /** Puts back the columns an import changed, from the values it recorded before. */
  async restore(
    tx: EntityManager,
    table: 'agreement' | 'milestone',
    rows: Array<{ id: string; before: ColumnValues }>,
    actor: string,
  ): Promise<void> {
    const types = columnTypesOf(table);
    for (const [shape, group] of groupBy(rows, (row) => Object.keys(row.before).sort().join(','))) {
      const columns = shape.split(',').filter((c) => c in types);
      for (const json of jsonBatches(group.map((row) => ({ id: row.id, ...row.before })))) {
        await tx.query(updateRowsSql(table, columns), [json, actor]);
      }
    }
  }

  async markUndone(tx: EntityManager, id: string, actor: string): Promise<void> {
    await tx.query(
      `UPDATE spreadsheet_import SET state = 'undone', undone_at = now(), undone_by = $2, version = version + 1 WHERE id = $1`,
      [id, actor],
    );
  }

  async insertMapping(name: string, columns: unknown, actor: string): Promise<MappingRow> {
    const row = await queryRow<MappingRow>(
      this.db,
      `INSERT INTO import_mapping (name, columns, created_by) VALUES ($1, $2::jsonb, $3)
       RETURNING id, name, columns, created_at, created_by`,
      [name, JSON.stringify(columns), actor],
    );
    return row!;
  }

  async findMapping(id: string): Promise<MappingRow | null> {
    const rows: MappingRow[] = await this.db.query(
      'SELECT id, name, columns, created_at, created_by FROM import_mapping WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async listMappings(): Promise<MappingRow[]> {
    return this.db.query(
      'SELECT id, name, columns, created_at, created_by FROM import_mapping ORDER BY name LIMIT 500',
    );
  }
}

/** Each row with its number from 1, made as jsonBatches reads it (no array of copies). */
function* numbered<T extends object>(rows: Iterable<T>): Generator<T & { n: number }> {
  let n = 0;
  for (const row of rows) yield { ...row, n: ++n };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
