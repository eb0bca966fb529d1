import { ApiProperty } from '@nestjs/swagger';
import { documentTypes, extractionStates, type DocumentType, type ExtractionState } from '@mou/documents';

export class ExtractionResponse {
  @ApiProperty({ enum: extractionStates, description: 'pending until the worker has read the text' })
  state: ExtractionState;
  @ApiProperty({ nullable: true, type: String, enum: ['pdftotext', 'mammoth', 'xlsx-strings', 'ocr'] })
  method: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) error: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) extractedAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) pageCount: number | null;
}

export class DocumentVersionResponse {
  @ApiProperty({ description: '1 for the first upload' }) number: number;
  @ApiProperty({ description: 'Display name only (sanitised)' }) filename: string;
  @ApiProperty({ description: 'By content, not by name' }) mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 (hex), checked on every download' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty() uploadedBy: string;
  @ApiProperty({ type: ExtractionResponse }) extraction: ExtractionResponse;
  @ApiProperty({ description: 'GET …/preview answers a PNG of the first page' }) previewAvailable: boolean;
  @ApiProperty({ example: '/documents/…/versions/1/content' }) contentUrl: string;
  @ApiProperty({ example: '/documents/…/versions/1/preview' }) previewUrl: string;
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) milestoneId: string | null;
  @ApiProperty({ enum: documentTypes }) type: DocumentType;
  @ApiProperty({ example: 'th' }) language: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'The authoritative signed copy in its language (one per language)' })
  authoritative: boolean;
  @ApiProperty({ description: 'Number of the current version' }) currentVersion: number;
  @ApiProperty({ description: 'Send it back to edit, archive or add a version' }) version: number;
  @ApiProperty({ type: DocumentVersionResponse, description: 'The current version' }) current: DocumentVersionResponse;
  @ApiProperty({ type: [DocumentVersionResponse], description: 'Every version, newest first' })
  versions: DocumentVersionResponse[];
  @ApiProperty() archived: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

export class DocumentList {
  @ApiProperty({ type: [DocumentResponse], description: 'Oldest first' }) items: DocumentResponse[];
}
