import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile } from '@fastify/multipart';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@mou/audit';
import { documentsConfig } from '@mou/config';
import { pgError, PgErrorCode } from '@mou/database';
import { type Actor, assertMayKeepRecordsOf, DomainError } from '@mou/domain';
import {
  BLOB_STORE,
  type BlobStore,
  type DocumentChanges,
  type DocumentRow,
  DocumentsRepository,
  type LockedDocument,
  mediaTypes,
  sha256Of,
  type StoredBlob,
} from '@mou/documents';
import { changedFields } from '../audit/audit-changes.js';
import { flattenValidationErrors } from '../common/field-errors.js';
import { toDocumentResponse } from './document.read-model.js';
import type { DocumentResponse } from './dto/document.response.js';
import type { ListDocumentsQuery } from './dto/list-documents.query.js';
import type { UpdateDocumentDto } from './dto/update-document.dto.js';
import { NewVersionFields, UploadDocumentFields } from './dto/upload-fields.dto.js';
import { attachmentHeader, displayName } from './file-name.js';
import { invalidFile, PdfWatcher, SNIFF_BYTES, sniffMediaType } from './file-inspection.js';
import { inspectOoxml } from './ooxml-inspection.js';

interface Received<T> {
  fields: T;
  part: MultipartFile;
}

interface StoredFile {
  blob: StoredBlob;
  mediaType: string;
  filename: string;
}

const isOoxml = (type: string) => type === mediaTypes.docx || type === mediaTypes.xlsx;

/**
 * Uploads, versions, archive and downloads. An upload streams through the content check
 * into the blob store inside one transaction with its rows and audit event: a refused or
 * interrupted upload leaves nothing behind.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentsRepository,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly audit: AuditService,
    @Inject(documentsConfig.KEY) private readonly config: ConfigType<typeof documentsConfig>,
  ) {}

  async upload(agreementId: string, request: FastifyRequest, actor: Actor): Promise<DocumentResponse> {
    // Refuse early (before a byte is stored) what the agreement itself rules out.
    const agreement = await this.db.transaction((tx) => this.documents.lockAgreement(tx, agreementId));
    if (!agreement) throw DomainError.notFound('Agreement', agreementId);
    assertMayKeepRecordsOf(actor, agreement.lead_agency);
    if (agreement.archived_at) throw archivedAgreement(agreementId);
    const { fields, part } = await this.receive(request, UploadDocumentFields);
    if (fields.authoritative && fields.type !== 'signed-copy') {
      throw DomainError.invalid([{ field: 'authoritative', message: 'only a signed copy can be authoritative' }]);
    }
    const id = await this.db
      .transaction(async (tx) => {
        const file = await this.storeFile(tx, part);
        const locked = await this.documents.lockAgreement(tx, agreementId);
        if (!locked) throw DomainError.notFound('Agreement', agreementId);
        if (locked.archived_at) throw archivedAgreement(agreementId);
        if (fields.milestoneId) await this.assertMilestoneOf(tx, fields.milestoneId, agreementId);
        const cleared = fields.authoritative
          ? await this.documents.clearAuthoritative(tx, agreementId, fields.language, null, actor.email)
          : [];
        const documentId = await this.documents.insertDocument(tx, {
          agreementId,
          milestoneId: fields.milestoneId ?? null,
          type: fields.type,
          language: fields.language,
          note: fields.note ?? null,
          authoritative: fields.authoritative ?? false,
          by: actor.email,
        });
        await this.documents.insertVersion(tx, { documentId, number: 1, ...this.versionOf(file), by: actor.email });
        await this.auditUnmarked(tx, actor, cleared, documentId);
        await this.audit.record(tx, actor, {
          action: 'document.upload',
          entityType: 'document',
          entityId: documentId,
          after: await this.snapshot(documentId, tx),
          metadata: { agreementId, milestoneId: fields.milestoneId ?? null },
        });
        return documentId;
      })
      .catch(authoritativeTaken);
    return this.findOne(id);
  }

  async addVersion(documentId: string, request: FastifyRequest, actor: Actor): Promise<DocumentResponse> {
    // Refuse early (before a byte is stored) what the document itself rules out.
    const current = await this.db.transaction((tx) => this.documents.lock(tx, documentId));
    if (!current) throw DomainError.notFound('Document', documentId);
    assertMayKeepRecordsOf(actor, current.lead_agency);
    if (current.archived_at) throw archived(documentId);
    const { fields, part } = await this.receive(request, NewVersionFields);
    await this.db.transaction(async (tx) => {
      const file = await this.storeFile(tx, part);
      const doc = await this.lockForChange(tx, documentId, actor, fields.version);
      const number = doc.current_version + 1;
      await this.documents.insertVersion(tx, { documentId, number, ...this.versionOf(file), by: actor.email });
      await this.documents.update(tx, documentId, actor.email, { current_version: number });
      await this.audit.record(tx, actor, {
        action: 'document.version',
        entityType: 'document',
        entityId: documentId,
        before: { currentVersion: doc.current_version },
        after: { currentVersion: number, ...this.versionOf(file) },
        metadata: { agreementId: doc.agreement_id },
      });
    });
    return this.findOne(documentId);
  }

  async update(id: string, dto: UpdateDocumentDto, actor: Actor): Promise<DocumentResponse> {
    await this.db
      .transaction(async (tx) => {
        const doc = await this.lockForChange(tx, id, actor, dto.version);
        const before = await this.snapshot(id, tx);
        const type = dto.type ?? doc.type;
        const language = dto.language ?? doc.language;
        // Retyped away from signed copy, it can no longer be the authoritative one.
        const authoritative = type === 'signed-copy' && (dto.authoritative ?? doc.authoritative);
        if (dto.authoritative && type !== 'signed-copy') {
          throw DomainError.invalid([{ field: 'authoritative', message: 'only a signed copy can be authoritative' }]);
        }
        const cleared = authoritative
          ? await this.documents.clearAuthoritative(tx, doc.agreement_id, language, id, actor.email)
          : [];
        const changes: DocumentChanges = { type, language, authoritative };
        if (dto.note !== undefined) changes.note = dto.note;
        await this.documents.update(tx, id, actor.email, changes);
        await this.auditUnmarked(tx, actor, cleared, id);
        await this.audit.record(tx, actor, {
          action: 'document.update',
          entityType: 'document',
          entityId: id,
          ...changedFields(before, await this.snapshot(id, tx)),
          metadata: { agreementId: doc.agreement_id },
        });
      })
      .catch(authoritativeTaken);
    return this.findOne(id);
  }

  /** Archive hides a document from lists; nothing is deleted, every version stays downloadable. */
  async setArchived(id: string, archive: boolean, actor: Actor, version: number): Promise<DocumentResponse> {
    await this.db
      .transaction(async (tx) => {
        const doc = await this.lockChecked(tx, id, actor, version);
        if ((doc.archived_at !== null) === archive) {
          throw new DomainError('ARCHIVED', `Document ${id} is ${archive ? 'already archived' : 'not archived'}`);
        }
        await this.documents.update(tx, id, actor.email, {
          archived_at: archive ? new Date() : null,
          archived_by: archive ? actor.email : null,
        });
        await this.audit.record(tx, actor, {
          action: archive ? 'document.archive' : 'document.restore',
          entityType: 'document',
          entityId: id,
          metadata: { agreementId: doc.agreement_id },
        });
      })
      .catch(authoritativeTaken);
    return this.findOne(id);
  }

  async findOne(id: string): Promise<DocumentResponse> {
    return toDocumentResponse(await this.findRow(id));
  }

  async list(agreementId: string, query: ListDocumentsQuery): Promise<{ items: DocumentResponse[] }> {
    if (!(await this.documents.agreementExists(agreementId))) throw DomainError.notFound('Agreement', agreementId);
    const rows = await this.documents.list({ agreementId, ...query });
    return { items: rows.map(toDocumentResponse) };
  }

  async listForMilestone(milestoneId: string, query: ListDocumentsQuery): Promise<{ items: DocumentResponse[] }> {
    const agreementId = await this.documents.milestoneAgreement(milestoneId);
    if (!agreementId) throw DomainError.notFound('Milestone', milestoneId);
    const rows = await this.documents.list({ agreementId, includeArchived: query.includeArchived, milestoneId });
    return { items: rows.map(toDocumentResponse) };
  }

  /**
   * Sends one version's bytes. Headers go before the body, so the bytes are hashed in a
   * first pass and sent only when they match the recorded SHA-256; a mismatch is logged,
   * audited and answered 500 CHECKSUM_MISMATCH instead. The send pass hashes again: bytes
   * changed between the passes end the response early (the client sees a broken transfer,
   * never a complete wrong file).
   */
  async download(id: string, number: number, actor: Actor, reply: FastifyReply): Promise<void> {
    const version = await this.documents.findVersion(id, number);
    if (!version) throw DomainError.notFound('Document version', `${id}/${number}`);
    const source = await this.store.read(version.sha256);
    const actual = source ? await sha256Of(source) : null;
    if (actual !== version.sha256) await this.reportMismatch(id, number, version.sha256, actual, actor);
    await this.audit.record(this.db.manager, actor, {
      action: 'document.download',
      entityType: 'document',
      entityId: id,
      metadata: { agreementId: version.agreement_id, version: number, sha256: version.sha256 },
    });
    const expected = version.sha256;
    const bytes = await this.store.read(expected);
    const checked = async function* () {
      const hash = createHash('sha256');
      for await (const chunk of bytes!) {
        hash.update(chunk);
        yield chunk;
      }
      if (hash.digest('hex') !== expected) throw new Error(`Stored bytes of ${expected} changed while being sent`);
    };
    void reply
      .header('content-type', version.media_type)
      .header('content-length', String(version.size_bytes))
      .header('content-disposition', attachmentHeader(version.filename))
      .header('repr-digest', `sha-256=:${Buffer.from(expected, 'hex').toString('base64')}:`)
      .header('etag', `"${expected}"`)
      .header('cache-control', 'private, no-store')
      .send(Readable.from(checked()));
  }

  /** The first page as a PNG, made by the worker; 404 until it exists (or for DOCX/XLSX). */
  async preview(id: string, number: number, reply: FastifyReply): Promise<void> {
    const version = await this.documents.findVersion(id, number);
    if (!version) throw DomainError.notFound('Document version', `${id}/${number}`);
    if (!version.preview_sha256) {
      const why =
        version.extraction_state === 'pending'
          ? 'is not made yet (the worker has not read this version)'
          : 'is not available for this file';
      throw new DomainError('NOT_FOUND', `A preview of document ${id} version ${number} ${why}`);
    }
    const source = await this.store.read(version.preview_sha256);
    const chunks: Buffer[] = [];
    for await (const chunk of source ?? []) chunks.push(chunk);
    const png = Buffer.concat(chunks);
    if (createHash('sha256').update(png).digest('hex') !== version.preview_sha256) {
      throw new DomainError('CHECKSUM_MISMATCH', `The stored preview of document ${id} version ${number} is damaged`);
    }
    void reply
      .header('content-type', 'image/png')
      .header('etag', `"${version.preview_sha256}"`)
      .header('cache-control', 'private, max-age=86400')
      .send(png);
  }

  private async reportMismatch(
    id: string,
    number: number,
    expected: string,
    actual: string | null,
    actor: Actor,
  ): Promise<never> {
    this.logger.error(
      { documentId: id, version: number, expected, actual },
      'Stored document bytes fail their checksum',
    );
    await this.audit.record(this.db.manager, actor, {
      action: 'document.checksum-mismatch',
      entityType: 'document',
      entityId: id,
      metadata: { version: number, expected, actual },
    });
    throw new DomainError(
      'CHECKSUM_MISMATCH',
      `The stored bytes of document ${id} version ${number} no longer match their SHA-256 (${expected}); ` +
        'they were not sent. The event is in the audit trail; restore the file from a backup or upload it again.',
    );
  }

  /** The multipart form: its fields (before the file part) validated, and the file part itself. */
  private async receive<T extends object>(request: FastifyRequest, schema: new () => T): Promise<Received<T>> {
    if (!request.isMultipart()) {
      throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Send the file as multipart/form-data (fields first, then file)', {
        errors: [{ field: 'file', message: 'must be sent as multipart/form-data' }],
      });
    }
    const part = await request.file({
      limits: { fileSize: this.config.maxBytes, files: 1, fields: 20, fieldSize: 4096, parts: 25 },
    });
    if (!part) throw DomainError.invalid([{ field: 'file', message: 'is required (a part named file)' }]);
    if (part.fieldname !== 'file') {
      throw DomainError.invalid([
        { field: part.fieldname, message: 'is not a field this request accepts; name the file part "file"' },
      ]);
    }
    const raw: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(part.fields)) {
      if (name === 'file' || !value) continue;
      const field = Array.isArray(value) ? value[0] : value;
      if (field.type === 'field') raw[name] = field.value;
    }
    const fields = plainToInstance(schema, raw);
    const errors = flattenValidationErrors(
      validateSync(fields, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
    );
    if (errors.length) throw DomainError.invalid(errors);
    return { fields, part };
  }

  /**
   * Streams the file part into the blob store: held until SNIFF_BYTES have arrived, sniffed
   * by content, then written chunk by chunk; a PDF is watched for encryption and
   * completeness, an OOXML zip unpacked (bounded) once stored. Over the size limit: 413.
   */
  private async storeFile(tx: EntityManager, part: MultipartFile): Promise<StoredFile> {
    const maxBytes = this.config.maxBytes;
    const pdf = new PdfWatcher();
    let mediaType = '';
    const tooLarge = () =>
      new DomainError('FILE_TOO_LARGE', `file is larger than ${maxBytes} bytes, the most a document may be`, {
        errors: [{ field: 'file', message: `must be at most ${maxBytes} bytes` }],
      });
    const file = part.file;
    async function* source(): AsyncGenerator<Buffer> {
      const held: Buffer[] = [];
      let heldBytes = 0;
      const release = function* () {
        for (const chunk of held.splice(0)) {
          if (mediaType === mediaTypes.pdf) pdf.see(chunk);
          yield chunk;
        }
      };
      for await (const chunk of file as AsyncIterable<Buffer>) {
        if (file.truncated) throw tooLarge();
        if (!mediaType) {
          held.push(chunk);
          heldBytes += chunk.length;
          if (heldBytes < SNIFF_BYTES) continue;
          mediaType = await sniffMediaType(Buffer.concat(held), part.filename, part.mimetype);
          yield* release();
          continue;
        }
        if (mediaType === mediaTypes.pdf) pdf.see(chunk);
        yield chunk;
      }
      if (file.truncated) throw tooLarge();
      if (!mediaType) {
        mediaType = await sniffMediaType(Buffer.concat(held), part.filename, part.mimetype);
        yield* release();
      }
    }
    const blob = await this.store.write(tx, source());
    if (mediaType === mediaTypes.pdf) pdf.check();
    if (isOoxml(mediaType)) await inspectOoxml(this.store, tx, blob, mediaType, this.config.maxUnzippedBytes);
    if (blob.size === 0) throw invalidFile('is empty');
    return { blob, mediaType, filename: displayName(part.filename, mediaType) };
  }

  private versionOf(file: StoredFile) {
    return { sha256: file.blob.sha256, size: file.blob.size, mediaType: file.mediaType, filename: file.filename };
  }

  private async findRow(id: string, manager?: EntityManager): Promise<DocumentRow> {
    const row = await this.documents.findOne(id, manager);
    if (!row) throw DomainError.notFound('Document', id);
    return row;
  }

  /** The document as its audit events show it (without download links). */
  private async snapshot(id: string, tx: EntityManager) {
    const { versions: _versions, current, ...doc } = toDocumentResponse(await this.findRow(id, tx));
    void _versions;
    return { ...doc, current: { ...current, contentUrl: undefined, previewUrl: undefined } };
  }

  private async lockChecked(tx: EntityManager, id: string, actor: Actor, version: number): Promise<LockedDocument> {
    const doc = await this.documents.lock(tx, id);
    if (!doc) throw DomainError.notFound('Document', id);
    assertMayKeepRecordsOf(actor, doc.lead_agency);
    if (doc.agreement_archived_at) {
      throw new DomainError('ARCHIVED', `The agreement of document ${id} is archived; restore it first`);
    }
    if (doc.version !== version) {
      throw DomainError.versionConflict('Document', id, version, toDocumentResponse(await this.findRow(id, tx)));
    }
    return doc;
  }

  private async lockForChange(tx: EntityManager, id: string, actor: Actor, version: number): Promise<LockedDocument> {
    const doc = await this.lockChecked(tx, id, actor, version);
    if (doc.archived_at) throw archived(id);
    return doc;
  }

  private async assertMilestoneOf(tx: EntityManager, milestoneId: string, agreementId: string): Promise<void> {
    const milestone = await this.documents.findMilestone(tx, milestoneId);
    if (!milestone || milestone.agreement_id !== agreementId) {
      throw DomainError.invalid([{ field: 'milestoneId', message: `is not a milestone of agreement ${agreementId}` }]);
    }
  }

  private async auditUnmarked(tx: EntityManager, actor: Actor, ids: string[], markedId: string): Promise<void> {
    for (const id of ids) {
      await this.audit.record(tx, actor, {
        action: 'document.update',
        entityType: 'document',
        entityId: id,
        before: { authoritative: true },
        after: { authoritative: false },
        metadata: { replacedBy: markedId },
      });
    }
  }
}

const archivedAgreement = (id: string) =>
  new DomainError('ARCHIVED', `Agreement ${id} is archived; restore it before adding documents`);

const archived = (id: string) =>
  new DomainError('ARCHIVED', `Document ${id} is archived; restore it before changing it`);

/** Two writers marking signed copies of one language at once: the second is told, not overwritten. */
function authoritativeTaken(error: unknown): never {
  const pg = pgError(error);
  if (pg.code === PgErrorCode.uniqueViolation && pg.constraint === 'uq_document_authoritative') {
    throw new DomainError(
      'DUPLICATE',
      'Another live signed copy in this language is already authoritative; unmark it or archive it first',
      { errors: [{ field: 'authoritative', message: 'another signed copy in this language is authoritative' }] },
    );
  }
  throw error;
}
