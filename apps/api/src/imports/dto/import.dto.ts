import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ToBoolean } from '../../common/query.transforms.js';
import { importLocales, type ImportLocale } from '../import-messages.js';

export class SheetMappingDto {
  @ApiProperty({ example: 'Agreements', description: 'A sheet name of the file (a CSV file has one sheet, `CSV`)' })
  @IsString()
  @Length(1, 200)
  sheet: string;

  @ApiProperty({
    example: { Reference: 'reference', 'Title (English)': 'titleEn', 'Last day': 'lastDay' },
    description: 'Heading of the sheet → field key (GET /imports/fields); headings left out are ignored',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  columns: Record<string, string>;
}

export class ImportMappingDto {
  @ApiPropertyOptional({ type: SheetMappingDto, description: 'The sheet of agreements' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SheetMappingDto)
  agreements?: SheetMappingDto;

  @ApiPropertyOptional({ type: SheetMappingDto, description: 'The sheet of milestones' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SheetMappingDto)
  milestones?: SheetMappingDto;
}

export class SaveMappingDto {
  @ApiProperty({ example: 'Division register 2024' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ type: ImportMappingDto })
  @ValidateNested()
  @Type(() => ImportMappingDto)
  columns: ImportMappingDto;
}

export class CommitDto {
  @ApiProperty({ description: 'The fingerprint of the dry run being committed', example: 'a3f…' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be the 64-character fingerprint a dry run returned' })
  fingerprint: string;
}

export class LocaleQuery {
  @ApiPropertyOptional({ enum: importLocales, description: 'Language of problems; else Accept-Language, else en' })
  @IsOptional()
  @IsIn(importLocales)
  locale?: ImportLocale;
}

export const reportActions = ['create', 'update', 'unchanged', 'problem'] as const;

export class ReportQuery extends LocaleQuery {
  @ApiPropertyOptional({
    enum: reportActions,
    isArray: true,
    description: 'Only rows with these actions (comma-separated)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(reportActions, { each: true })
  action?: Array<(typeof reportActions)[number]>;

  @ApiPropertyOptional({ default: false, description: 'Only rows with problems' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  problems?: boolean;

  @ApiPropertyOptional({ description: 'nextAfter of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ListImportsQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class UploadQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'A saved mapping to apply instead of the guessed one' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'must be a uuid' })
  mappingId?: string;
}

export class ProblemDto {
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The heading in the file' }) column: string | null;
  @ApiProperty({ example: 'notADate' }) code: string;
  @ApiProperty({ example: 'row 14, Last day: 31/02/2560 is not a date (…)' }) message: string;
}

/** A field's value as the register keeps it: text, a date, a number, a flag or a list (parties, areas). */
const changeValueTypes = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] } },
];

export class ChangeDto {
  @ApiProperty({ example: 'effectiveOn' }) field: string;
  @ApiProperty({ nullable: true, type: String }) column: string | null;
  @ApiProperty({ nullable: true, oneOf: changeValueTypes, description: 'The value in the register (null on create)' })
  before: unknown;
  @ApiProperty({ nullable: true, oneOf: changeValueTypes, description: 'The value the import writes' })
  after: unknown;
}

export class ReportRowDto {
  @ApiProperty() seq: number;
  @ApiProperty() sheet: string;
  @ApiProperty({ description: 'Row number as the spreadsheet shows it' }) row: number;
  @ApiProperty({ enum: reportActions }) action: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Reference or external id (milestones: agreement / id or title)',
  })
  key: string | null;
  @ApiProperty({ type: [ChangeDto] }) changes: ChangeDto[];
  @ApiProperty({ type: [ProblemDto] }) problems: ProblemDto[];
}

export class ReportPage {
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'Pass as `after` for the next page; null at the end' })
  nextAfter: number | null;
}

export class ActionCountsDto {
  @ApiProperty() create: number;
  @ApiProperty() update: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() problem: number;
}

export class ImportSummaryDto {
  @ApiProperty({ type: ActionCountsDto }) agreements: ActionCountsDto;
  @ApiProperty({ type: ActionCountsDto }) milestones: ActionCountsDto;
  @ApiProperty() problems: number;
  @ApiProperty() rowsWithProblems: number;
}

export class SheetInfoDto {
  @ApiProperty() name: string;
  @ApiProperty() hidden: boolean;
  @ApiProperty() headerRow: number;
  @ApiProperty({ type: [String] }) headers: string[];
  @ApiProperty({ description: 'Data rows (not empty, after the header)' }) rows: number;
}

export class ImportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) format: string;
  @ApiProperty({ nullable: true, type: String, example: 'windows-874', description: 'CSV only' }) encoding:
    string | null;
  @ApiProperty({ enum: ['uploaded', 'checked', 'committed', 'undone'] }) state: string;
  @ApiProperty({ type: [SheetInfoDto] }) sheets: SheetInfoDto[];
  @ApiProperty({ type: ImportMappingDto }) mapping: ImportMappingDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) mappingId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Of the last dry run: POST it to /commit' }) fingerprint:
    string | null;
  @ApiProperty({ nullable: true, type: ImportSummaryDto }) summary: ImportSummaryDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) committedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) committedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) undoneAt: string | null;
  @ApiProperty({ nullable: true, type: String }) undoneBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
}

export class DryRunResponse extends ImportResponse {
  @ApiProperty({ type: [ReportRowDto], description: 'The first rows that create, update or have problems (up to 100)' })
  rows: ReportRowDto[];
}

export class MappingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: ImportMappingDto }) columns: ImportMappingDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
}

export class ImportFieldDto {
  @ApiProperty({ example: 'effectiveOn' }) key: string;
  @ApiProperty({ example: 'date' }) kind: string;
  @ApiProperty({ example: 'Entry into force' }) en: string;
  @ApiProperty({ example: 'วันที่มีผลใช้บังคับ' }) th: string;
  @ApiProperty({ type: [String] }) synonyms: string[];
}

export class ImportFieldsResponse {
  @ApiProperty({ type: [ImportFieldDto] }) agreements: ImportFieldDto[];
  @ApiProperty({ type: [ImportFieldDto] }) milestones: ImportFieldDto[];
}
