import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';

/** A list of whole days before a date, each 0..3650, no repeats. */
function DayOffsets(example: number[], description: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: [Number], example, description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(20),
    ArrayUnique(),
    IsInt({ each: true }),
    Min(0, { each: true }),
    Max(3650, { each: true }),
  );
}

/** An agreement's own reminder offsets; any list left out keeps the configured default. */
export class ReminderPolicyDto {
  @DayOffsets([180, 90, 30], 'Days before expiresOn')
  expiry?: number[];

  @DayOffsets([30, 7, 0], 'Days before noticeDeadline')
  notice?: number[];

  @DayOffsets([14, 3, 0], "Days before each milestone's dueOn")
  milestone?: number[];

  @ApiPropertyOptional({ example: 7, description: 'Remind again every this many days while a milestone is overdue' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  overdueEveryDays?: number;
}
