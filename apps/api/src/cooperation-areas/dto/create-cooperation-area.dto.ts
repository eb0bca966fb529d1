import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NotBlank } from '../../common/blank.validator.js';

/** The same pattern as the ck_cooperation_area_code constraint, so a bad code is a 400, not a 500. */
export const areaCodePattern = /^[a-z][a-z0-9-]{1,39}$/;

export class CreateCooperationAreaDto {
  @ApiProperty({
    example: 'smart-city',
    pattern: areaCodePattern.source,
    description: 'Lower-case kebab code, 2-40 characters; agreements and milestones refer to it',
  })
  @IsString()
  @Matches(areaCodePattern, {
    message: 'must be 2-40 lower-case letters, digits or "-", starting with a letter (e.g. smart-city)',
  })
  code: string;

  @ApiProperty({ example: 'Smart cities' })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  labelEn: string;

  @ApiProperty({ example: 'เมืองอัจฉริยะ' })
  @IsString()
  @Length(1, 300)
  @NotBlank()
  labelTh: string;
}
