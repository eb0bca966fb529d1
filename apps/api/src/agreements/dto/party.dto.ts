import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateBy } from 'class-validator';
import { isPartyCode } from '@mou/domain';
import { NotBlank } from '../../common/blank.validator.js';

export class PartyDto {
  @ApiProperty({
    example: 'JP',
    description: 'ISO 3166-1 alpha-2 country code, or an organisation code such as ASEAN (see GET /countries)',
  })
  @ValidateBy({
    name: 'isPartyCode',
    validator: {
      validate: (value) => isPartyCode(value),
      defaultMessage: () =>
        'must be an ISO 3166-1 alpha-2 country code or a known organisation code (see GET /countries)',
    },
  })
  country: string;

  @ApiProperty({ example: 'Ministry of Internal Affairs and Communications' })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  organization: string;

  @ApiPropertyOptional({ type: String, example: 'Minister of Internal Affairs and Communications', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  signatory?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Minister', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  signatoryTitle?: string | null;
}
