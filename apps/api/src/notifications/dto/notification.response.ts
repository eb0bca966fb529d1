import { ApiProperty } from '@nestjs/swagger';
import { type ReminderKind, reminderKinds } from '@mou/reminders';

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reminderId: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) milestoneId: string | null;
  @ApiProperty({ enum: reminderKinds }) kind: ReminderKind;
  @ApiProperty() subjectEn: string;
  @ApiProperty() subjectTh: string;
  @ApiProperty() bodyEn: string;
  @ApiProperty() bodyTh: string;
  @ApiProperty({ format: 'date', description: 'The deadline reminded about' }) targetOn: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When you marked it read' })
  readAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ description: 'All rows matching the filters' }) total: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
