import { ReadVersion } from '../../common/read-version.decorator.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { MilestoneFieldsDto } from './milestone-fields.dto.js';
import { NotBlank } from '../../common/blank.validator.js';

/** A partial edit; a field sent as null is cleared. */
export class UpdateMilestoneDto extends MilestoneFieldsDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ example: 'Net Pracharat: broadband to all 24,700 villages' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 500)
  @NotBlank()
  title?: string;

  @ApiPropertyOptional({ example: '2017-12-31', format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  dueOn?: string;
}

export class ArchiveMilestoneDto {
  @ApiPropertyOptional({ description: 'When given, the change is refused with 409 if the record has moved on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
