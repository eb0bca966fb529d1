import type { DocumentRow, VersionRow } from '@mou/documents';
import { recordStamps } from '../common/record-stamps.js';
import type { DocumentResponse, DocumentVersionResponse } from './dto/document.response.js';

const instant = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export function toVersionResponse(documentId: string, v: VersionRow): DocumentVersionResponse {
  const base = `/documents/${documentId}/versions/${v.number}`;
  return {
    number: v.number,
    filename: v.filename,
    mediaType: v.media_type,
    sizeBytes: Number(v.size_bytes),
    sha256: v.sha256,
    uploadedAt: instant(v.uploaded_at)!,
    uploadedBy: v.uploaded_by,
    extraction: {
      state: v.extraction_state,
      method: v.extraction_method,
      attempts: v.extraction_attempts,
      error: v.extraction_error,
      extractedAt: instant(v.extracted_at),
      pageCount: v.page_count,
    },
    previewAvailable: v.preview_sha256 !== null,
    contentUrl: `${base}/content`,
    previewUrl: `${base}/preview`,
  };
}

export function toDocumentResponse(row: DocumentRow): DocumentResponse {
  const versions = row.versions.map((v) => toVersionResponse(row.id, v));
  return {
    id: row.id,
    agreementId: row.agreement_id,
    milestoneId: row.milestone_id,
    type: row.type,
    language: row.language,
    note: row.note,
    authoritative: row.authoritative,
    currentVersion: row.current_version,
    version: row.version,
    current: versions.find((v) => v.number === row.current_version)!,
    versions,
    ...recordStamps(row),
  };
}
