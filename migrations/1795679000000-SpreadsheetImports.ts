import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports. An uploaded file is kept (bytea, bounded by IMPORT_MAX_FILE_BYTES)
 * with the mapping of its columns; a dry run writes its per-row report to
 * spreadsheet_import_row (derived data, replaced by the next dry run) and a fingerprint
 * the commit must match. spreadsheet_import_record lists what a commit created or
 * updated, with the fields as they were and the version it left, so an undo can put
 * them back while no one has edited them since. Agreements and milestones gain an
 * optional external id: the stable key an office's own spreadsheet may carry.
 */
export class SpreadsheetImports1795679000000 implements MigrationInterface {
  name = 'SpreadsheetImports1795679000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement ADD COLUMN external_id text`);
    await q.query(
      `CREATE UNIQUE INDEX uq_agreement_external_id ON agreement (external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE milestone ADD COLUMN external_id text`);
    await q.query(
      `CREATE UNIQUE INDEX uq_milestone_external_id ON milestone (agreement_id, external_id) WHERE external_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE import_mapping (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        columns jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        CONSTRAINT pk_import_mapping PRIMARY KEY (id),
        CONSTRAINT uq_import_mapping_name UNIQUE (name),
        CONSTRAINT ck_import_mapping_columns CHECK (jsonb_typeof(columns) = 'object')
      )`);

    await q.query(`
      CREATE TABLE spreadsheet_import (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        file_name text NOT NULL,
        format text NOT NULL,
        encoding text,
        sha256 text NOT NULL,
        size_bytes integer NOT NULL,
        content bytea NOT NULL,
        sheets jsonb NOT NULL,
        mapping jsonb NOT NULL,
        mapping_id uuid,
        state text NOT NULL DEFAULT 'uploaded',
        fingerprint text,
        summary jsonb,
        checked_at timestamptz,
        committed_at timestamptz,
        committed_by text,
        undone_at timestamptz,
        undone_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        created_by_agency text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT pk_spreadsheet_import PRIMARY KEY (id),
        CONSTRAINT fk_spreadsheet_import_mapping FOREIGN KEY (mapping_id) REFERENCES import_mapping (id),
        CONSTRAINT ck_spreadsheet_import_format CHECK (format IN ('xlsx', 'csv')),
        CONSTRAINT ck_spreadsheet_import_state CHECK (state IN ('uploaded', 'checked', 'committed', 'undone'))
      )`);
    await q.query(`CREATE INDEX ix_spreadsheet_import_created ON spreadsheet_import (created_at, id)`);
    // An officer's list: their own imports, newest first.
    await q.query(`CREATE INDEX ix_spreadsheet_import_creator ON spreadsheet_import (created_by, created_at, id)`);

    // Unlogged: a dry run's report is derived data, rewritten whole by the next dry run; not
    // writing it to the WAL halves the cost of a 60,000-row report. After a crash it is empty
    // and the dry run is simply run again.
    await q.query(`
      CREATE UNLOGGED TABLE spreadsheet_import_row (
        import_id uuid NOT NULL,
        seq integer NOT NULL,
        sheet text NOT NULL,
        row_number integer NOT NULL,
        action text NOT NULL,
        key text,
        changes jsonb NOT NULL DEFAULT '[]',
        problems jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT pk_spreadsheet_import_row PRIMARY KEY (import_id, seq),
        CONSTRAINT fk_spreadsheet_import_row_import FOREIGN KEY (import_id) REFERENCES spreadsheet_import (id),
        CONSTRAINT ck_spreadsheet_import_row_action CHECK (action IN ('create', 'update', 'unchanged', 'problem'))
      )`);
    await q.query(`CREATE INDEX ix_spreadsheet_import_row_action ON spreadsheet_import_row (import_id, action, seq)`);

    await q.query(`
      CREATE TABLE spreadsheet_import_record (
        import_id uuid NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        action text NOT NULL,
        before jsonb,
        version_after integer NOT NULL,
        CONSTRAINT pk_spreadsheet_import_record PRIMARY KEY (import_id, entity_type, entity_id),
        CONSTRAINT fk_spreadsheet_import_record_import FOREIGN KEY (import_id) REFERENCES spreadsheet_import (id),
        CONSTRAINT ck_spreadsheet_import_record_type CHECK (entity_type IN ('agreement', 'milestone')),
        CONSTRAINT ck_spreadsheet_import_record_action CHECK (action IN ('create', 'update'))
      )`);
    // The report rows are replaced by every dry run; imports and what they did are kept.
    await q.query(
      `REVOKE DELETE, TRUNCATE ON spreadsheet_import, spreadsheet_import_record, import_mapping FROM mou_app`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spreadsheet_import_record`);
    await q.query(`DROP TABLE spreadsheet_import_row`);
    await q.query(`DROP TABLE spreadsheet_import`);
    await q.query(`DROP TABLE import_mapping`);
    await q.query(`DROP INDEX uq_milestone_external_id`);
    await q.query(`ALTER TABLE milestone DROP COLUMN external_id`);
    await q.query(`DROP INDEX uq_agreement_external_id`);
    await q.query(`ALTER TABLE agreement DROP COLUMN external_id`);
  }
}
