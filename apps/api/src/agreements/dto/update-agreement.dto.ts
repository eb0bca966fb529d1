import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { AgreementFieldsDto } from './agreement-fields.dto.js';

/** A partial edit. Status moves only through POST /agreements/:id/status. */
export class UpdateAgreementDto extends AgreementFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one gets 409 with the current record' })
  @IsInt()
  @Min(1)
  version: number;
}
