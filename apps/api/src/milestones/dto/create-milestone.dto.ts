import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { MilestoneFieldsDto } from './milestone-fields.dto.js';
import { NotBlank } from '../../common/blank.validator.js';

export class CreateMilestoneDto extends MilestoneFieldsDto {
  @ApiProperty({ example: 'Net Pracharat: broadband to all 24,700 villages' })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  title: string;

  @ApiProperty({ example: '2017-12-31', format: 'date' })
  @IsCalendarDate()
  dueOn: string;
}
