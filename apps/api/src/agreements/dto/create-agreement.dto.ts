import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { agreementKinds, type AgreementKind, agreementStatuses, type AgreementStatus } from '@mou/domain';
import { NotBlank } from '../../common/blank.validator.js';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { AgreementFieldsDto } from './agreement-fields.dto.js';
import { PartyDto } from './party.dto.js';

/**
 * The fields a record cannot be without are redeclared as required on a base that omits
 * them: redeclaring on a subclass would keep the parent's "may be left out" rule too.
 */
export class CreateAgreementDto extends OmitType(AgreementFieldsDto, ['kind', 'parties', 'leadAgency'] as const) {
  @ApiProperty({ enum: agreementKinds })
  @IsIn(agreementKinds)
  kind: AgreementKind;

  @ApiProperty({ type: [PartyDto], description: 'Two or more; more than two makes it multilateral' })
  @IsArray()
  @ArrayMinSize(2, { message: 'must list at least two parties' })
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @ApiProperty({ example: 'Ministry of Digital Economy and Society' })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  leadAgency: string;

  @ApiPropertyOptional({
    enum: agreementStatuses,
    default: 'draft',
    description: 'Any stage, for agreements logged late; the dates that stage needs are required',
  })
  @IsOptionalNotNull()
  @IsIn(agreementStatuses)
  status?: AgreementStatus;
}
