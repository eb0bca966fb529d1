import { PageQuery } from '../../common/page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { deliveryChannels, reminderKinds, reminderStates } from '@mou/reminders';
import type { DeliveryChannel, ReminderKind, ReminderState } from '@mou/reminders';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';

export class ListRemindersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agreementId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  milestoneId?: string;

  @ApiPropertyOptional({ enum: reminderStates })
  @IsOptional()
  @IsIn(reminderStates)
  state?: ReminderState;

  @ApiPropertyOptional({ enum: reminderKinds })
  @IsOptional()
  @IsIn(reminderKinds)
  kind?: ReminderKind;

  @ApiPropertyOptional({ enum: deliveryChannels, description: 'Only reminders with a delivery on this channel' })
  @IsOptional()
  @IsIn(deliveryChannels)
  channel?: DeliveryChannel;

  @ApiPropertyOptional({ format: 'date', description: 'Reminders going out on or after this office day' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;
}
