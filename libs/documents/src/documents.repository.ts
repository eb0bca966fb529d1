import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  queryRow,
  queryRows,
  registerStatementSamples,
  type AgreementRow,
  type DocumentRow as DocumentTableRow,
  type DocumentVersionRow,
  type MilestoneRow,
} from '@mou/database';
import type { DocumentType, ExtractionMethod, ExtractionState } from './document.vocabulary.js';

type Db = EntityManager | DataSource;

/** A document and its current version, as read for the API. */
export interface DocumentRow extends DocumentTableRow {
  versions: VersionRow[];
}

/**
 * One upload of a document (the API's view: no text), as versionJson builds it: bytea as
 * hex, instants as JSON text.
 */
export interface VersionRow extends Pick<
  DocumentVersionRow,
  | 'number'
  | 'media_type'
  | 'filename'
  | 'uploaded_by'
  | 'extraction_state'
  | 'extraction_attempts'
  | 'extraction_error'
  | 'page_count'
> {
  sha256: string;
  size_bytes: number;
  uploaded_at: string;
  extraction_method: ExtractionMethod | null;
  extracted_at: string | null;
  preview_sha256: string | null;
}

/** What a write needs to know about the document it changes, locked. */
export interface LockedDocument extends Pick<
  DocumentTableRow,
  'id' | 'agreement_id' | 'type' | 'language' | 'authoritative' | 'current_version' | 'version' | 'archived_at'
> {
  lead_agency: AgreementRow['lead_agency'];
  agreement_archived_at: AgreementRow['archived_at'];
}

/** A version with its document's agreement and archive state, for a download. */
export type VersionWithDocument = Pick<
  DocumentVersionRow,
  'number' | 'media_type' | 'filename' | 'uploaded_at' | 'uploaded_by' | 'extraction_state'
> &
  Pick<DocumentTableRow, 'agreement_id' | 'archived_at'> & {
    sha256: string;
    size_bytes: number;
    preview_sha256: string | null;
  };

/** The columns a change may write (version, updated_at and updated_by come with every change). */
export type DocumentChanges = Partial<
  Pick<
    DocumentTableRow,
    'type' | 'language' | 'note' | 'authoritative' | 'current_version' | 'archived_at' | 'archived_by'
  >
>;

export interface NewDocument {
  agreementId: string;
  milestoneId: string | null;
  type: DocumentType;
  language: string;
  note: string | null;
  authoritative: boolean;
  by: string;
}

export interface NewVersion {
  documentId: string;
  number: number;
  sha256: string;
  size: number;
  mediaType: string;
  filename: string;
  by: string;
}

/** A version the worker extracts text from. */
export interface ExtractionTarget extends Pick<
  DocumentVersionRow,
  'document_id' | 'number' | 'media_type' | 'extraction_state' | 'extraction_attempts'
> {
  sha256: string;
}

/** A document whose text matched a search, for GET /agreements?q=. */
export interface MatchedDocumentRow extends Pick<DocumentTableRow, 'id' | 'milestone_id' | 'type' | 'language'> {
  version_number: DocumentVersionRow['number'];
  filename: DocumentVersionRow['filename'];
  snippet: string;
}

const versionJson = (v: string) => `json_build_object(
  'number', ${v}.number, 'sha256', encode(${v}.sha256, 'hex'), 'size_bytes', ${v}.size_bytes,
  'media_type', ${v}.media_type, 'filename', ${v}.filename, 'uploaded_at', ${v}.uploaded_at,
  'uploaded_by', ${v}.uploaded_by, 'extraction_state', ${v}.extraction_state,
  'extraction_method', ${v}.extraction_method, 'extraction_attempts', ${v}.extraction_attempts,
  'extraction_error', ${v}.extraction_error, 'extracted_at', ${v}.extracted_at, 'page_count', ${v}.page_count,
  'preview_sha256', encode(${v}.preview_sha256, 'hex'))`;

/** A document's columns with every version, newest first, in one statement. */
const documentColumns = `
  d.id, d.agreement_id, d.milestone_id, d.type, d.language, d.note, d.authoritative, d.current_version,
  d.version, d.archived_at, d.archived_by, d.created_at, d.created_by, d.updated_at, d.updated_by,
  (SELECT json_agg(${versionJson('v')} ORDER BY v.number DESC)
     FROM document_version v WHERE v.document_id = d.id) AS versions`;

/**
 * Search over documents' text: the current version of each live document, by the trigram
 * index on lower(text) (ix_document_version_text), as the register's own `q` works.
 * `pattern` is a LIKE pattern already lower-cased by the caller's SQL.
 */
export function documentTextMatchSql(pattern: string): string {
  return `a.id = ANY (ARRAY(
    SELECT d.agreement_id FROM document_version v JOIN document d ON d.id = v.document_id
     WHERE lower(v.text) LIKE ${pattern} AND v.number = d.current_version AND d.archived_at IS NULL))`;
}

/**
 * The documents of agreement `a` whose current text contains `needle` (lower-cased by the
 * caller), with a snippet around the first match; at most three per agreement.
 */
export function matchedDocumentsSql(pattern: string, needle: string): string {
  return `(SELECT coalesce(json_agg(m), '[]'::json) FROM (
      SELECT d.id, d.milestone_id, d.type, d.language, v.number AS version_number, v.filename,
             substring(v.text FROM greatest(strpos(lower(v.text), ${needle}) - 60, 1)
                              FOR length(${needle}) + 120) AS snippet
        FROM document d JOIN document_version v ON v.document_id = d.id AND v.number = d.current_version
       WHERE d.agreement_id = a.id AND d.archived_at IS NULL AND lower(v.text) LIKE ${pattern}
       ORDER BY d.created_at, d.id LIMIT 3) m)`;
}

/** The register export's documents column: each live document's type, language and file name. */
export const documentsListSql = `(SELECT string_agg(d.type || ' (' || d.language || '): ' || v.filename, '; '
                                         ORDER BY d.created_at, d.id)
    FROM document d JOIN document_version v ON v.document_id = d.id AND v.number = d.current_version
   WHERE d.agreement_id = a.id AND d.archived_at IS NULL)`;

const findOneSql = `SELECT ${documentColumns} FROM document d WHERE d.id = $1`;

type ListFilter = { agreementId: string; milestoneId?: string; includeArchived?: boolean };

function listStatement(filter: ListFilter): { sql: string; params: unknown[] } {
  const where = ['d.agreement_id = $1'];
  const params: unknown[] = [filter.agreementId];
  if (filter.milestoneId) where.push(`d.milestone_id = $${params.push(filter.milestoneId)}`);
  if (!filter.includeArchived) where.push('d.archived_at IS NULL');
  return {
    sql: `SELECT ${documentColumns} FROM document d WHERE ${where.join(' AND ')} ORDER BY d.created_at, d.id`,
    params,
  };
}

/** Column names come from DocumentChanges' keys, never from a caller's text. */
function updateStatement(id: string, by: string, changes: DocumentChanges): { sql: string; params: unknown[] } {
  const entries = Object.entries(changes);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  return {
    sql: `UPDATE document SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')}
        WHERE id = $1`,
    params: [id, by, ...entries.map(([, value]) => value)],
  };
}

const SAMPLE_ID = '00000000-0000-0000-0000-000000000000';
registerStatementSamples(import.meta.url, {
  findOne: () => findOneSql,
  listEveryFilter: () => listStatement({ agreementId: SAMPLE_ID, milestoneId: SAMPLE_ID }).sql,
  listArchivedToo: () => listStatement({ agreementId: SAMPLE_ID, includeArchived: true }).sql,
  updateEveryColumn: () =>
    updateStatement(SAMPLE_ID, 'a@b.c', {
      type: 'draft',
      language: 'en',
      note: 'x',
      authoritative: false,
      current_version: 2,
      archived_at: new Date(),
      archived_by: 'a@b.c',
    }).sql,
  textMatch: () => `SELECT a.id FROM agreement a WHERE ${documentTextMatchSql("lower('%x%')")}`,
  matchedDocuments: () => `SELECT ${matchedDocumentsSql("lower('%x%')", "lower('x')")} FROM agreement a`,
  documentsList: () => `SELECT ${documentsListSql} FROM agreement a`,
});

/** Every statement on document and document_version. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The agreement a document goes under, shared-locked so it cannot be archived meanwhile. */
  async lockAgreement(
    tx: EntityManager,
    agreementId: string,
  ): Promise<Pick<AgreementRow, 'lead_agency' | 'archived_at'> | null> {
    return queryRow<Pick<AgreementRow, 'lead_agency' | 'archived_at'>>(
      tx,
      'SELECT lead_agency, archived_at FROM agreement WHERE id = $1 FOR SHARE',
      [agreementId],
    );
  }

  async findMilestone(
    tx: EntityManager,
    milestoneId: string,
  ): Promise<Pick<MilestoneRow, 'agreement_id' | 'archived_at'> | null> {
    return queryRow<Pick<MilestoneRow, 'agreement_id' | 'archived_at'>>(
      tx,
      'SELECT agreement_id, archived_at FROM milestone WHERE id = $1 FOR SHARE',
      [milestoneId],
    );
  }

  async insertDocument(tx: EntityManager, doc: NewDocument): Promise<string> {
    const row = await queryRow<Pick<DocumentTableRow, 'id'>>(
      tx,
      `INSERT INTO document (agreement_id, milestone_id, type, language, note, authoritative, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
      [doc.agreementId, doc.milestoneId, doc.type, doc.language, doc.note, doc.authoritative, doc.by],
    );
    return row!.id;
  }

  async insertVersion(tx: EntityManager, v: NewVersion): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO document_version (document_id, number, sha256, size_bytes, media_type, filename, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [v.documentId, v.number, Buffer.from(v.sha256, 'hex'), v.size, v.mediaType, v.filename, v.by],
    );
  }

  /** Locks the document (and shares its agreement's row) for a change. */
  async lock(tx: EntityManager, id: string): Promise<LockedDocument | null> {
    return queryRow<LockedDocument>(
      tx,
      `SELECT d.id, d.agreement_id, d.type, d.language, d.authoritative, d.current_version, d.version,
              d.archived_at, a.lead_agency, a.archived_at AS agreement_archived_at
         FROM document d JOIN agreement a ON a.id = d.agreement_id
        WHERE d.id = $1 FOR UPDATE OF d FOR SHARE OF a`,
      [id],
    );
  }

  /**
   * Takes the authoritative mark off the agreement's other live signed copy in `language`
   * (one per language); returns the ids it was taken from.
   */
  async clearAuthoritative(
    tx: EntityManager,
    agreementId: string,
    language: string,
    exceptId: string | null,
    by: string,
  ): Promise<string[]> {
    const rows = await queryRows<Pick<DocumentTableRow, 'id'>>(
      tx,
      `WITH cleared AS (
         UPDATE document SET authoritative = false, version = version + 1, updated_at = now(), updated_by = $4
          WHERE agreement_id = $1 AND language = $2 AND authoritative AND archived_at IS NULL
            AND id IS DISTINCT FROM $3 RETURNING id)
       SELECT id FROM cleared`,
      [agreementId, language, exceptId, by],
    );
    return rows.map((r) => r.id);
  }

  /** Writes the given columns and bumps the version (the caller checked the one it read). */
  async update(tx: EntityManager, id: string, by: string, changes: DocumentChanges): Promise<void> {
    const { sql, params } = updateStatement(id, by, changes);
    await queryRows(tx, sql, params);
  }

  async findOne(id: string, manager: Db = this.db): Promise<DocumentRow | null> {
    return queryRow<DocumentRow>(manager, findOneSql, [id]);
  }

  /** An agreement's documents (or one milestone's), oldest first, by ix_document_agreement. */
  async list(filter: ListFilter): Promise<DocumentRow[]> {
    const { sql, params } = listStatement(filter);
    return queryRows<DocumentRow>(this.db, sql, params);
  }

  async findVersion(documentId: string, number: number): Promise<VersionWithDocument | null> {
    return queryRow<VersionWithDocument>(
      this.db,
      `SELECT v.number, encode(v.sha256, 'hex') AS sha256, v.size_bytes::float8 AS size_bytes, v.media_type,
              v.filename, v.uploaded_at, v.uploaded_by, v.extraction_state, encode(v.preview_sha256, 'hex') AS preview_sha256,
              d.agreement_id, d.archived_at
         FROM document_version v JOIN document d ON d.id = v.document_id
        WHERE v.document_id = $1 AND v.number = $2`,
      [documentId, number],
    );
  }

  async agreementExists(agreementId: string): Promise<boolean> {
    return (await queryRows(this.db, 'SELECT 1 FROM agreement WHERE id = $1', [agreementId])).length > 0;
  }

  async milestoneAgreement(milestoneId: string): Promise<string | null> {
    const row = await queryRow<Pick<MilestoneRow, 'agreement_id'>>(
      this.db,
      'SELECT agreement_id FROM milestone WHERE id = $1',
      [milestoneId],
    );
    return row?.agreement_id ?? null;
  }

  // ---- the worker's statements ----

  /**
   * Claims up to `limit` versions waiting for extraction that no queue holds (never
   * handed over, or handed over longer ago than `requeueAfterSeconds`: Redis lost it, or
   * a worker died), marks them handed over now, and returns them.
   */
  async claimForQueue(
    limit: number,
    requeueAfterSeconds: number,
  ): Promise<Array<Pick<DocumentVersionRow, 'document_id' | 'number'>>> {
    return queryRows<Pick<DocumentVersionRow, 'document_id' | 'number'>>(
      this.db,
      `WITH due AS (
         SELECT document_id, number FROM document_version
          WHERE extraction_state = 'pending'
            AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $2))
          ORDER BY enqueued_at NULLS FIRST
          LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE document_version v SET enqueued_at = now()
           FROM due WHERE v.document_id = due.document_id AND v.number = due.number
         RETURNING v.document_id, v.number)
       SELECT document_id, number FROM claimed`,
      [limit, requeueAfterSeconds],
    );
  }

  /** Forgets every hand-over (Redis lost its queues): the next sweep queues them all again. */
  async forgetQueued(): Promise<number> {
    const row = await queryRow<{ forgotten: number }>(
      this.db,
      `WITH f AS (UPDATE document_version SET enqueued_at = NULL
                   WHERE extraction_state = 'pending' AND enqueued_at IS NOT NULL RETURNING 1)
       SELECT count(*)::int AS forgotten FROM f`,
    );
    return row!.forgotten;
  }

  async extractionTarget(documentId: string, number: number): Promise<ExtractionTarget | null> {
    return queryRow<ExtractionTarget>(
      this.db,
      `SELECT document_id, number, encode(sha256, 'hex') AS sha256, media_type, extraction_state, extraction_attempts
         FROM document_version WHERE document_id = $1 AND number = $2`,
      [documentId, number],
    );
  }

  /** Records the text (NULs removed: PostgreSQL text cannot hold them) and the preview. */
  async recordExtraction(
    target: { document_id: string; number: number },
    result: { text: string; method: ExtractionMethod; pageCount: number | null; previewSha256: string | null },
    manager: Db = this.db,
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE document_version
          SET extraction_state = 'done', extraction_method = $3, extraction_attempts = extraction_attempts + 1,
              extraction_error = NULL, extracted_at = now(), text = $4, page_count = $5, preview_sha256 = $6
        WHERE document_id = $1 AND number = $2 AND extraction_state = 'pending'`,
      [
        target.document_id,
        target.number,
        result.method,
        result.text.replaceAll('\u0000', ''),
        result.pageCount,
        result.previewSha256 ? Buffer.from(result.previewSha256, 'hex') : null,
      ],
    );
  }

  /**
   * Counts a failed attempt; after `maxAttempts` (or at once when `final`) the version
   * is recorded as failed with its error. Returns the state it is left in.
   */
  async recordFailure(
    target: { document_id: string; number: number },
    error: string,
    maxAttempts: number,
    final: boolean,
  ): Promise<ExtractionState> {
    const row = await queryRow<Pick<DocumentVersionRow, 'extraction_state'>>(
      this.db,
      `WITH f AS (
         UPDATE document_version
            SET extraction_attempts = extraction_attempts + 1, extraction_error = left($3, 2000),
                extraction_state = CASE WHEN $5 OR extraction_attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END
          WHERE document_id = $1 AND number = $2 AND extraction_state = 'pending'
          RETURNING extraction_state)
       SELECT extraction_state FROM f`,
      [target.document_id, target.number, error, maxAttempts, final],
    );
    return row?.extraction_state ?? 'failed';
  }
}
