import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set once the feed is revoked' })
  revokedAt: string | null;
  @ApiProperty({ description: 'Not revoked: its URL still answers' }) active: boolean;
}

export class CreatedCalendarFeedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: '/calendar/3q2-7wQk….ics',
    description:
      'The secret feed URL, relative to the API: shown this once (only its hash is stored). Anyone holding it ' +
      'reads your deadlines; revoke it if it leaks.',
  })
  url: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
