import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor as ActorType, DomainError } from '@mou/domain';
import { Editors, Readers } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { DocumentsService } from './documents.service.js';
import { DocumentList, DocumentResponse } from './dto/document.response.js';
import { ListDocumentsQuery } from './dto/list-documents.query.js';
import { ArchiveDocumentDto, UpdateDocumentDto } from './dto/update-document.dto.js';
import { NewVersionBody, UploadDocumentBody } from './dto/upload-fields.dto.js';

/** A version number in the path; anything else is a 400 naming it. */
const versionNumber = () =>
  new ParseIntPipe({
    exceptionFactory: () => DomainError.invalid([{ field: 'n', message: 'must be a version number' }]),
  });

const uploadDescription =
  'multipart/form-data: the fields first, then one part named `file`. Checked by content (PDF, DOCX, XLSX, JPEG, ' +
  'PNG, TIFF), at most DOCUMENT_MAX_BYTES (413 otherwise, nothing stored); a name or declared type claiming ' +
  'another type, an executable, an encrypted or truncated PDF or a zip bomb is refused (415/422). The worker ' +
  'then extracts its text (search) and renders a preview; `current.extraction.state` says how far it got.';

@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Editors()
  @Post('agreements/:id/documents')
  @ApiOperation({
    operationId: 'attachDocument',
    summary: 'Attach a file to an agreement (or one of its milestones)',
    description: uploadDescription,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentBody })
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiErrors(400, 403, 404, 409, 413, 415, 422)
  upload(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Actor() actor: ActorType,
  ): Promise<DocumentResponse> {
    return this.documents.upload(id, request, actor);
  }

  @Readers()
  @Get('agreements/:id/documents')
  @ApiOperation({
    operationId: 'listAgreementDocuments',
    summary: "An agreement's documents (with every version), oldest first",
  })
  @ApiOkResponse({ type: DocumentList })
  @ApiErrors(400, 404)
  list(@Param('id', uuidParam()) id: string, @Query() query: ListDocumentsQuery): Promise<DocumentList> {
    return this.documents.list(id, query);
  }

  @Readers()
  @Get('milestones/:id/documents')
  @ApiOperation({ operationId: 'listMilestoneDocuments', summary: "A milestone's documents, oldest first" })
  @ApiOkResponse({ type: DocumentList })
  @ApiErrors(400, 404)
  listForMilestone(@Param('id', uuidParam()) id: string, @Query() query: ListDocumentsQuery): Promise<DocumentList> {
    return this.documents.listForMilestone(id, query);
  }

  @Readers()
  @Get('documents/:id')
  @ApiOperation({ operationId: 'getDocument', summary: 'One document with every version, archived or not' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiErrors(400, 404)
  get(@Param('id', uuidParam()) id: string): Promise<DocumentResponse> {
    return this.documents.findOne(id);
  }

  @Editors()
  @Patch('documents/:id')
  @ApiOperation({
    operationId: 'updateDocument',
    summary: "Edit a document's type, language, note or authoritative mark; send the version you read",
  })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiErrors(400, 403, 404, 409)
  update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateDocumentDto,
    @Actor() actor: ActorType,
  ): Promise<DocumentResponse> {
    return this.documents.update(id, dto, actor);
  }

  @Editors()
  @Post('documents/:id/versions')
  @ApiOperation({
    operationId: 'addDocumentVersion',
    summary: 'Replace the file with a new version; earlier versions are kept',
    description: `${uploadDescription} Form field \`version\`: the document's version you read.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: NewVersionBody })
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiErrors(400, 403, 404, 409, 413, 415, 422)
  addVersion(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Actor() actor: ActorType,
  ): Promise<DocumentResponse> {
    return this.documents.addVersion(id, request, actor);
  }

  @Editors()
  @Post('documents/:id/archive')
  @HttpCode(200)
  @ApiOperation({ operationId: 'archiveDocument', summary: 'Hide from lists and search; nothing is deleted' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiErrors(400, 403, 404, 409)
  archive(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveDocumentDto,
    @Actor() actor: ActorType,
  ): Promise<DocumentResponse> {
    return this.documents.setArchived(id, true, actor, dto.version);
  }

  @Editors()
  @Post('documents/:id/restore')
  @HttpCode(200)
  @ApiOperation({ operationId: 'restoreDocument', summary: 'Bring an archived document back' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiErrors(400, 403, 404, 409)
  restore(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveDocumentDto,
    @Actor() actor: ActorType,
  ): Promise<DocumentResponse> {
    return this.documents.setArchived(id, false, actor, dto.version);
  }

  @Readers()
  @Get('documents/:id/versions/:n/content')
  @ApiOperation({
    operationId: 'downloadDocumentVersion',
    summary: 'Download one version (audited); its SHA-256 is checked first',
    description:
      'Bytes that no longer match their recorded SHA-256 are not sent: 500 CHECKSUM_MISMATCH, logged and audited. ' +
      'Headers: Content-Disposition (the display name), Repr-Digest (sha-256), ETag.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 404, 500)
  download(
    @Param('id', uuidParam()) id: string,
    @Param('n', versionNumber()) n: number,
    @Actor() actor: ActorType,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.documents.download(id, n, actor, reply);
  }

  @Readers()
  @Get('documents/:id/versions/:n/preview')
  @ApiOperation({
    operationId: 'previewDocumentVersion',
    summary: 'The first page as a PNG (PDF and images), once the worker has made it; else 404',
  })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'PNG', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 404)
  preview(
    @Param('id', uuidParam()) id: string,
    @Param('n', versionNumber()) n: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.documents.preview(id, n, reply);
  }
}
