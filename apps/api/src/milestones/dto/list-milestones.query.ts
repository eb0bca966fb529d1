import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { milestoneStatuses, type MilestoneReadStatus } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { ToBoolean } from '../../common/query.transforms.js';

export const milestoneReadStatuses = [...milestoneStatuses, 'overdue'] as const;

/** Paging shared by every milestone list; the order is always dueOn, then id. */
export class MilestonePageQuery {
  @ApiPropertyOptional({
    default: false,
    description: 'Also archived milestones, and (on GET /milestones) milestones of archived agreements',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  includeArchived?: boolean;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}

export class ListMilestonesQuery extends MilestonePageQuery {
  @ApiPropertyOptional({ description: 'true: only overdue milestones; false: none that are overdue' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: milestoneReadStatuses, description: 'As read: planned past its due date is overdue' })
  @IsOptional()
  @IsIn(milestoneReadStatuses)
  status?: MilestoneReadStatus;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;

  @ApiPropertyOptional({ example: 'TOT Public Company Ltd' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  ownerAgency?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agreementId?: string;

  @ApiPropertyOptional({ example: 'postal', description: "The milestone's cooperation area" })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  area?: string;
}
