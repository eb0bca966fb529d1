import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { documentTypes, type DocumentType } from '@mou/documents';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Form fields of POST /agreements/:id/documents; sent before the file part. */
export class UploadDocumentFields {
  @ApiProperty({ enum: documentTypes })
  @IsIn(documentTypes)
  type: DocumentType;

  @ApiProperty({ example: 'th', description: 'ISO 639 code of the text, lower case (th, en, ja …)' })
  @Matches(/^[a-z]{2,3}$/, { message: 'must be an ISO 639 language code in lower case, e.g. th or en' })
  language: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'File it under this milestone of the agreement' })
  @IsOptional()
  @IsUUID()
  milestoneId?: string;

  @ApiPropertyOptional({ description: 'The authoritative signed copy in its language (moves the mark from another)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  authoritative?: boolean;
}

/** Form fields of POST /documents/:id/versions; sent before the file part. */
export class NewVersionFields {
  @ApiProperty({ description: "The document's version you read; a stale one gets 409 with the current document" })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

/** The multipart body, for the API docs. */
export class UploadDocumentBody extends UploadDocumentFields {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file: last part of the form' })
  file: unknown;
}

export class NewVersionBody extends NewVersionFields {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file: last part of the form' })
  file: unknown;
}
