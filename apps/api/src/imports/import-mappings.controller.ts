import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor as ActorType } from '@mou/domain';
import { DomainError } from '@mou/domain';
import { pgError, PgErrorCode } from '@mou/database';
import { Editors } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ImportMappingDto, MappingResponse, SaveMappingDto } from './dto/import.dto.js';
import { fieldsOf, sheetRoles } from './import-fields.js';
import { ImportsRepository, type MappingRow } from './imports.repository.js';

function mappingResponse(row: MappingRow): MappingResponse {
  return {
    id: row.id,
    name: row.name,
    columns: row.columns as ImportMappingDto,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

/** Saved column mappings, shared by the office: the next file with the same headings maps itself. */
@ApiTags('imports')
@ApiBearerAuth()
@Editors()
@Controller('import-mappings')
export class ImportMappingsController {
  constructor(private readonly repository: ImportsRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listImportMappings', summary: 'Saved mappings, by name' })
  @ApiOkResponse({ type: [MappingResponse] })
  async list(): Promise<MappingResponse[]> {
    return (await this.repository.listMappings()).map(mappingResponse);
  }

  @Post()
  @ApiOperation({
    operationId: 'saveImportMapping',
    summary: 'Save a mapping under a name (POST /imports?mappingId= applies it to a new file)',
  })
  @ApiCreatedResponse({ type: MappingResponse })
  @ApiErrors(400, 403, 409)
  async create(@Body() dto: SaveMappingDto, @Actor() actor: ActorType): Promise<MappingResponse> {
    const errors = sheetRoles.flatMap((role) =>
      Object.entries(dto.columns[role]?.columns ?? {})
        .filter(([, field]) => !fieldsOf[role].some((f) => f.key === field))
        .map(([heading, field]) => ({
          field: `columns.${role}.columns.${heading}`,
          message: `"${field}" is not a field of ${role}`,
        })),
    );
    if (errors.length) throw DomainError.invalid(errors);
    try {
      return mappingResponse(await this.repository.insertMapping(dto.name, dto.columns, actor.email));
    } catch (error) {
      if (pgError(error).code === PgErrorCode.uniqueViolation) {
        throw new DomainError('DUPLICATE', `A mapping named "${dto.name}" exists already`, {
          errors: [{ field: 'name', message: 'is already used by another mapping' }],
        });
      }
      throw error;
    }
  }
}
