import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents under agreements and milestones, their versions, and the bytes themselves.
 *
 * - blob / blob_chunk: content-addressed storage in PostgreSQL (so a database backup holds
 *   every file). A blob is written as 1 MiB chunks while the upload streams; its row, named
 *   by SHA-256, is inserted last, so the chunks' foreign key is checked at commit. Both are
 *   insert-only for the application: stored bytes are never rewritten or removed by it.
 *   Chunks are stored EXTERNAL (no TOAST compression): uploads are mostly compressed
 *   formats already, and pglz would only spend CPU finding that out.
 * - document: one file's identity (type, language, note, authoritative, archive state);
 *   document_version: every upload of it, kept forever, with its checksum, who and when,
 *   and the worker's extraction (text, preview, state). The app may update only the
 *   extraction columns of a version.
 * - Search: a trigram index on lower(text) serves `LIKE '%…%'` in Thai (no spaces between
 *   words) and English alike, as the register's own search_text does.
 */
export class Documents1795680000000 implements MigrationInterface {
  name = 'Documents1795680000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE blob (
        id bigint NOT NULL,
        sha256 bytea NOT NULL,
        size_bytes bigint NOT NULL,
        chunk_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_blob PRIMARY KEY (id),
        CONSTRAINT uq_blob_sha256 UNIQUE (sha256),
        CONSTRAINT ck_blob_sha256 CHECK (octet_length(sha256) = 32),
        CONSTRAINT ck_blob_size CHECK (size_bytes >= 0 AND chunk_count >= 0)
      )`);
    await q.query(`CREATE SEQUENCE blob_id_seq AS bigint OWNED BY blob.id`);
    await q.query(`
      CREATE TABLE blob_chunk (
        blob_id bigint NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        CONSTRAINT pk_blob_chunk PRIMARY KEY (blob_id, seq),
        CONSTRAINT fk_blob_chunk_blob FOREIGN KEY (blob_id) REFERENCES blob (id) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`ALTER TABLE blob_chunk ALTER COLUMN data SET STORAGE EXTERNAL`);

    await q.query(`
      CREATE TABLE document (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        milestone_id uuid,
        type text NOT NULL,
        language text NOT NULL,
        note text,
        authoritative boolean NOT NULL DEFAULT false,
        current_version integer NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        archived_at timestamptz,
        archived_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CONSTRAINT pk_document PRIMARY KEY (id),
        CONSTRAINT fk_document_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        CONSTRAINT fk_document_milestone FOREIGN KEY (milestone_id) REFERENCES milestone (id),
        CONSTRAINT ck_document_type CHECK (type IN ('signed-copy','draft','cabinet-resolution','note-verbale','report','other')),
        CONSTRAINT ck_document_language CHECK (language ~ '^[a-z]{2,3}$'),
        CONSTRAINT ck_document_authoritative CHECK (NOT authoritative OR type = 'signed-copy'),
        CONSTRAINT ck_document_version CHECK (version >= 1 AND current_version >= 1)
      )`);
    await q.query(`CREATE INDEX ix_document_agreement ON document (agreement_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_document_milestone ON document (milestone_id) WHERE milestone_id IS NOT NULL`);
    // One authoritative signed copy per language of an agreement, among the live ones.
    await q.query(`
      CREATE UNIQUE INDEX uq_document_authoritative ON document (agreement_id, language)
        WHERE authoritative AND archived_at IS NULL`);

    await q.query(`
      CREATE TABLE document_version (
        document_id uuid NOT NULL,
        number integer NOT NULL,
        sha256 bytea NOT NULL,
        size_bytes bigint NOT NULL,
        media_type text NOT NULL,
        filename text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        uploaded_by text NOT NULL,
        extraction_state text NOT NULL DEFAULT 'pending',
        extraction_method text,
        extraction_attempts integer NOT NULL DEFAULT 0,
        extraction_error text,
        extracted_at timestamptz,
        enqueued_at timestamptz,
        page_count integer,
        text text,
        preview_sha256 bytea,
        CONSTRAINT pk_document_version PRIMARY KEY (document_id, number),
        CONSTRAINT fk_document_version_document FOREIGN KEY (document_id) REFERENCES document (id),
        CONSTRAINT fk_document_version_blob FOREIGN KEY (sha256) REFERENCES blob (sha256),
        CONSTRAINT fk_document_version_preview FOREIGN KEY (preview_sha256) REFERENCES blob (sha256),
        CONSTRAINT ck_document_version_number CHECK (number >= 1),
        CONSTRAINT ck_document_version_media_type CHECK (media_type IN (
          'application/pdf', 'image/jpeg', 'image/png', 'image/tiff',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
        CONSTRAINT ck_document_version_filename CHECK (length(filename) BETWEEN 1 AND 255),
        CONSTRAINT ck_document_version_extraction CHECK (extraction_state IN ('pending','done','failed'))
      )`);
    await q.query(`CREATE INDEX ix_document_version_sha256 ON document_version (sha256)`);
    // The worker's sweep: versions still waiting for their text.
    await q.query(
      `CREATE INDEX ix_document_version_pending ON document_version (enqueued_at NULLS FIRST) WHERE extraction_state = 'pending'`,
    );
    await q.query(`CREATE INDEX ix_document_version_text ON document_version USING gin (lower(text) gin_trgm_ops)`);

    // Nothing stored is ever removed or rewritten by the application (migrations run as the owner).
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON blob, blob_chunk FROM mou_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON document FROM mou_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON document_version FROM mou_app`);
    await q.query(`
      GRANT UPDATE (extraction_state, extraction_method, extraction_attempts, extraction_error, extracted_at,
                    enqueued_at, page_count, text, preview_sha256) ON document_version TO mou_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_version`);
    await q.query(`DROP TABLE document`);
    await q.query(`DROP TABLE blob_chunk`);
    await q.query(`DROP TABLE blob`);
  }
}
