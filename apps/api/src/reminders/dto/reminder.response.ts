import { ApiProperty } from '@nestjs/swagger';
import { deliveryChannels, reminderKinds, reminderStates } from '@mou/reminders';

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: deliveryChannels }) channel: string;
  @ApiProperty({ description: 'Email address, webhook id, or "office" for in-app' }) recipient: string;
  @ApiProperty({ enum: reminderStates }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
}

export class ReminderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() agreementReference: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) milestoneId: string | null;
  @ApiProperty({ enum: reminderKinds }) kind: string;
  @ApiProperty({ description: 'Days before the deadline (negative: after it)' }) offsetDays: number;
  @ApiProperty({ format: 'date', description: 'The deadline reminded about' }) targetOn: string;
  @ApiProperty({ format: 'date', description: 'The office day it goes out' }) dueOn: string;
  @ApiProperty({ format: 'date-time', description: 'REMINDER_HOUR on dueOn, office time' }) fireAt: string;
  @ApiProperty({ enum: reminderStates }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ type: [DeliveryResponse] }) deliveries: DeliveryResponse[];
}

export class ReminderPage {
  @ApiProperty({ type: [ReminderResponse] }) items: ReminderResponse[];
  @ApiProperty() total: number;
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
