import { PageQuery } from '../../common/page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { milestoneStatuses, type MilestoneReadStatus } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { ToBoolean } from '../../common/query.transforms.js';

export const milestoneReadStatuses = [...milestoneStatuses, 'overdue'] as const;

/** Paging shared by every milestone list; the order is always dueOn, then id. */
export class MilestonePageQuery extends PageQuery {
  @ApiPropertyOptional({
    default: false,
    description: 'Also archived milestones, and (on GET /milestones) milestones of archived agreements',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  includeArchived?: boolean;
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
