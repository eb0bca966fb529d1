import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { documentTypes, type DocumentType } from '@mou/documents';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { ReadVersion } from '../../common/read-version.decorator.js';

/** Edits a document's description; its file changes only by a new version. */
export class UpdateDocumentDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ enum: documentTypes })
  @IsOptionalNotNull()
  @IsIn(documentTypes)
  type?: DocumentType;

  @ApiPropertyOptional({ example: 'en' })
  @IsOptionalNotNull()
  @Matches(/^[a-z]{2,3}$/, { message: 'must be an ISO 639 language code in lower case, e.g. th or en' })
  language?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string | null;

  @ApiPropertyOptional({ description: 'Only a signed copy can be authoritative; marking one unmarks the other' })
  @IsOptionalNotNull()
  @IsBoolean()
  authoritative?: boolean;
}

export class ArchiveDocumentDto {
  @ReadVersion()
  version: number;
}
