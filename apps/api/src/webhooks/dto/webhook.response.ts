import { ApiProperty } from '@nestjs/swagger';
import { type ReminderKind, webhookEvents } from '@mou/reminders';

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://hooks.example.go.th/mou-tracker' }) url: string;
  @ApiProperty({ enum: webhookEvents, isArray: true }) events: ReminderKind[];
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set once deleted' })
  deletedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deletedBy: string | null;
}

/** Only the response to POST /webhooks carries the secret; store it then, it is never shown again. */
export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'Shown once: the key receivers verify X-MOU-Signature with' })
  secret: string;
}
