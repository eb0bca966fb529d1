import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';

/** An agreement's own reminder offsets; any list left out keeps the configured default. */
export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: [Number], example: [180, 90, 30], description: 'Days before expiresOn' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(3650, { each: true })
  expiry?: number[];

  @ApiPropertyOptional({ type: [Number], example: [30, 7, 0], description: 'Days before noticeDeadline' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(3650, { each: true })
  notice?: number[];

  @ApiPropertyOptional({ type: [Number], example: [14, 3, 0], description: "Days before each milestone's dueOn" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(3650, { each: true })
  milestone?: number[];

  @ApiPropertyOptional({ example: 7, description: 'Remind again every this many days while a milestone is overdue' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  overdueEveryDays?: number;
}
