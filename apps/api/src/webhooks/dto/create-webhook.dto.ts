import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { type ReminderKind, webhookEvents } from '@mou/reminders';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.go.th/mou-tracker',
    description: 'http(s) only; loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE',
  })
  // class-validator runs the lowest decorator first and stops at the first error: type checks go last.
  @MaxLength(2000)
  @IsString()
  url: string;

  @ApiProperty({ enum: webhookEvents, isArray: true, example: ['expiry', 'notice-deadline'] })
  @IsIn(webhookEvents, { each: true, message: `must contain only ${webhookEvents.join(', ')}` })
  @ArrayUnique({ message: 'must not list an event twice' })
  @ArrayMinSize(1, { message: 'must list at least one event' })
  @IsArray()
  events: ReminderKind[];

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 200,
    description: 'HMAC key for X-MOU-Signature; generated (32 random bytes, base64url) when left out',
  })
  @Length(16, 200)
  @IsString()
  @IsOptional()
  secret?: string;
}
