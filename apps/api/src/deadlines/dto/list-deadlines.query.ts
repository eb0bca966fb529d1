import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { type DeadlineKind, deadlineKinds } from './deadline.response.js';

/** Whole numbers only: '', '1.5' and 'abc' stay text and fail @IsInt instead of becoming 0 or NaN. */
const ToInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

export class ListDeadlinesQuery {
  @ApiPropertyOptional({
    default: 180,
    minimum: 0,
    maximum: 3650,
    description: 'How far ahead to look; overdue items are always included',
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;

  @ApiPropertyOptional({ example: 'JP', description: 'A party country or organisation code' })
  @IsOptional()
  @IsString()
  @Length(2, 20)
  country?: string;

  @ApiPropertyOptional({
    example: 'cybersecurity',
    description: 'Agreements covering the area; milestones in the area (or, with none, under such an agreement)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  area?: string;

  @ApiPropertyOptional({ example: 'MDES', description: "The agreement's lead agency" })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  leadAgency?: string;

  @ApiPropertyOptional({ enum: deadlineKinds, description: 'Only deadlines of this kind' })
  @IsOptional()
  @IsIn(deadlineKinds, { message: `must be one of ${deadlineKinds.join(', ')}` })
  kind?: DeadlineKind;

  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 1000 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
