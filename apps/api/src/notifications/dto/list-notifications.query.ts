import { PageQuery } from '../../common/page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { type ReminderKind, reminderKinds } from '@mou/reminders';
import { ToBoolean } from '../../common/query.transforms.js';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agreementId?: string;

  @ApiPropertyOptional({ description: 'true: only unread; false: only read' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ enum: reminderKinds })
  @IsOptional()
  @IsIn(reminderKinds)
  kind?: ReminderKind;
}
