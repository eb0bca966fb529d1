import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
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
import { importsConfig } from '@mou/config';
import { type Actor as ActorType, DomainError } from '@mou/domain';
import { Editors } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import {
  CommitDto,
  DryRunResponse,
  ImportFieldsResponse,
  ImportMappingDto,
  ImportResponse,
  ListImportsQuery,
  LocaleQuery,
  ReportPage,
  ReportQuery,
  UploadQuery,
} from './dto/import.dto.js';
import { agreementFields, milestoneFields } from './import-fields.js';
import { pickLocale } from './import-messages.js';
import { problemsFile, templateWorkbook } from './import-workbooks.js';
import type { ImportRow } from './imports.repository.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function importResponse(row: ImportRow): ImportResponse {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding,
    state: row.state,
    sheets: row.sheets,
    mapping: row.mapping as ImportMappingDto,
    mappingId: row.mapping_id,
    fingerprint: row.fingerprint,
    summary: row.summary,
    checkedAt: row.checked_at?.toISOString() ?? null,
    committedAt: row.committed_at?.toISOString() ?? null,
    committedBy: row.committed_by,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoneBy: row.undone_by,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

/** Officers import their own agency's records, managers any agency's; auditors and admins never. */
@ApiTags('imports')
@ApiBearerAuth()
@Editors()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly repository: ImportsRepository,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'uploadImport',
    summary: 'Upload an .xlsx or .csv file (multipart field `file`): kept with a guessed column mapping',
    description:
      'The content decides the format, not the name. CSV may be UTF-8 (with or without BOM), UTF-16 or Windows-874/TIS-620. ' +
      'Refused: not a spreadsheet or a legacy .xls (415 UNSUPPORTED_FILE), over IMPORT_MAX_FILE_BYTES or IMPORT_MAX_ROWS (413 FILE_TOO_LARGE), ' +
      'password-protected (422 ENCRYPTED_FILE), a zip bomb or damaged file (422 UNREADABLE_FILE).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiCreatedResponse({ type: ImportResponse })
  @ApiErrors(400, 403, 413, 415, 422)
  async upload(
    @Req() request: FastifyRequest,
    @Query() query: UploadQuery,
    @Actor() actor: ActorType,
  ): Promise<ImportResponse> {
    if (!request.isMultipart()) {
      throw new DomainError('UNSUPPORTED_FILE', 'Send the file as multipart/form-data in the field `file`', {
        errors: [{ field: 'file', message: 'is required (multipart/form-data)' }],
      });
    }
    const part = await request.file({ limits: { fileSize: this.config.maxFileBytes, files: 1 } });
    if (!part || part.fieldname !== 'file') {
      throw DomainError.invalid([{ field: 'file', message: 'is required (multipart/form-data field `file`)' }]);
    }
    const content = await part.toBuffer();
    return importResponse(
      await this.imports.upload({ fileName: part.filename, content }, query.mappingId ?? null, actor),
    );
  }

  @Get()
  @ApiOperation({
    operationId: 'listImports',
    summary: 'The latest imports, newest first (officers: their own; managers: all)',
  })
  @ApiOkResponse({ type: [ImportResponse] })
  @ApiErrors(400, 403)
  async list(@Query() query: ListImportsQuery, @Actor() actor: ActorType): Promise<ImportResponse[]> {
    return (await this.imports.list(query.limit ?? 50, actor)).map(importResponse);
  }

  @Get('fields')
  @ApiOperation({
    operationId: 'listImportFields',
    summary: 'The fields a mapping may name, with their headings in English and Thai and the synonyms guessed',
  })
  @ApiOkResponse({ type: ImportFieldsResponse })
  fields(): ImportFieldsResponse {
    const strip = (fields: typeof agreementFields) =>
      fields.map(({ key, kind, en, th, synonyms }) => ({ key, kind, en, th, synonyms }));
    return { agreements: strip(agreementFields), milestones: strip(milestoneFields) };
  }

  @Get('template.xlsx')
  @ApiOperation({
    operationId: 'downloadImportTemplate',
    summary: 'The import template: agreements and milestones sheets with an example row, and the allowed values',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The template workbook', schema: { type: 'string', format: 'binary' } })
  async template(
    @Query() query: LocaleQuery,
    @Headers('accept-language') language: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const locale = pickLocale(query.locale, language);
    const body = await templateWorkbook(locale, await this.repository.cooperationAreas());
    return reply
      .type(XLSX)
      .header('content-disposition', `attachment; filename="mou-import-template-${locale}.xlsx"`)
      .send(body);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getImport',
    summary: 'An import: its sheets, mapping, state and the summary of its last dry run',
  })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 403, 404)
  async get(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<ImportResponse> {
    return importResponse(await this.imports.get(id, actor));
  }

  @Put(':id/mapping')
  @ApiOperation({
    operationId: 'setImportMapping',
    summary: 'Confirm or change the column mapping (the last dry run is void)',
  })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 403, 404, 409)
  async setMapping(
    @Param('id', uuidParam()) id: string,
    @Body() mapping: ImportMappingDto,
    @Actor() actor: ActorType,
  ): Promise<ImportResponse> {
    return importResponse(await this.imports.setMapping(id, mapping, actor));
  }

  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'dryRunImport',
    summary: 'What committing would do, row by row and cell by cell; writes no record',
    description:
      'Returns the summary, the fingerprint to commit, and the first 100 rows that create, update or have problems.',
  })
  @ApiOkResponse({ type: DryRunResponse })
  @ApiErrors(400, 403, 404, 409, 413, 422)
  async dryRun(
    @Param('id', uuidParam()) id: string,
    @Query() query: LocaleQuery,
    @Headers('accept-language') language: string | undefined,
    @Actor() actor: ActorType,
  ): Promise<DryRunResponse> {
    const row = await this.imports.dryRun(id, actor);
    const page = await this.imports.report(
      id,
      actor,
      { actions: ['create', 'update', 'problem'], limit: 100 },
      pickLocale(query.locale, language),
    );
    return { ...importResponse(row), rows: page.rows };
  }

  @Get(':id/rows')
  @ApiOperation({ operationId: 'listImportRows', summary: "The last dry run's rows, in file order, in pages" })
  @ApiOkResponse({ type: ReportPage })
  @ApiErrors(400, 403, 404, 409)
  rows(
    @Param('id', uuidParam()) id: string,
    @Query() query: ReportQuery,
    @Headers('accept-language') language: string | undefined,
    @Actor() actor: ActorType,
  ): Promise<ReportPage> {
    return this.imports.report(
      id,
      actor,
      { actions: query.action, after: query.after, limit: query.limit ?? 100, withProblems: query.problems },
      pickLocale(query.locale, language),
    );
  }

  @Get(':id/problems.xlsx')
  @ApiOperation({
    operationId: 'downloadImportProblemsXlsx',
    summary: 'The uploaded sheets again with a Problems column (the last dry run’s)',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403, 404, 409)
  problemsXlsx(
    @Param('id', uuidParam()) id: string,
    @Query() query: LocaleQuery,
    @Headers('accept-language') language: string | undefined,
    @Actor() actor: ActorType,
    @Res() reply: FastifyReply,
  ) {
    return this.sendProblems(id, 'xlsx', pickLocale(query.locale, language), actor, reply);
  }

  @Get(':id/problems.csv')
  @ApiOperation({
    operationId: 'downloadImportProblemsCsv',
    summary: 'The uploaded rows again as CSV (UTF-8 with BOM) with a Problems column',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403, 404, 409)
  problemsCsv(
    @Param('id', uuidParam()) id: string,
    @Query() query: LocaleQuery,
    @Headers('accept-language') language: string | undefined,
    @Actor() actor: ActorType,
    @Res() reply: FastifyReply,
  ) {
    return this.sendProblems(id, 'csv', pickLocale(query.locale, language), actor, reply);
  }

  @Post(':id/commit')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'commitImport',
    summary: 'Apply exactly what the dry run showed, all rows or none',
    description:
      '409 IMPORT_STALE when the records changed since the dry run (run it again); 409 IMPORT_NOT_READY while it has problems.',
  })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 403, 404, 409)
  async commit(
    @Param('id', uuidParam()) id: string,
    @Body() dto: CommitDto,
    @Actor() actor: ActorType,
  ): Promise<ImportResponse> {
    return importResponse(await this.imports.commit(id, dto.fingerprint, actor));
  }

  @Post(':id/undo')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'undoImport',
    summary: 'Undo a committed import: what it created is archived, what it changed is put back',
    description: '409 IMPORT_STALE (naming them) when any of its records has been edited since.',
  })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors(400, 403, 404, 409)
  async undo(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<ImportResponse> {
    return importResponse(await this.imports.undo(id, actor));
  }

  private async sendProblems(
    id: string,
    as: 'xlsx' | 'csv',
    locale: 'en' | 'th',
    actor: ActorType,
    reply: FastifyReply,
  ) {
    const problems = await this.imports.problemsBySheetRow(id, actor, locale);
    const { row, content } = await this.imports.content(id, actor);
    const base = row.file_name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import';
    return reply
      .type(as === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${base}-problems.${as}"`)
      .send(problemsFile(content, row.format, this.config, problems, locale, as));
  }
}
