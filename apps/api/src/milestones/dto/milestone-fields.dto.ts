import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { milestoneStatuses, type MilestoneStatus } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { NotBlank } from '../../common/blank.validator.js';

const finite = { allowNaN: false, allowInfinity: false };

/**
 * The optional fields of a milestone, shared by create and update. Required ones (title,
 * dueOn) are declared in each subclass: class-validator applies a parent's @ValidateIf to
 * the child's rules too, so an optional parent field cannot be made required by overriding.
 */
export class MilestoneFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: 'knowledge-sharing',
    nullable: true,
    description: 'A code from GET /cooperation-areas',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  area?: string | null;

  @ApiPropertyOptional({ type: String, example: 'TOT Public Company Ltd', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  ownerAgency?: string | null;

  @ApiPropertyOptional({
    enum: milestoneStatuses,
    default: 'planned',
    description: '`overdue` is derived on reading and cannot be written',
  })
  @IsOptionalNotNull()
  @IsIn(milestoneStatuses)
  status?: MilestoneStatus;

  @ApiPropertyOptional({ type: Number, example: 24700, nullable: true })
  @IsOptional()
  @IsNumber(finite)
  targetValue?: number | null;

  @ApiPropertyOptional({ type: Number, example: 18000, nullable: true })
  @IsOptional()
  @IsNumber(finite)
  actualValue?: number | null;

  @ApiPropertyOptional({ type: String, example: 'villages', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  unit?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Only with status done; left out when a milestone becomes done, it is today',
  })
  @IsOptional()
  @IsCalendarDate()
  completedOn?: string | null;
}
