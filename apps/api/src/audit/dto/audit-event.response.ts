import { ApiProperty } from '@nestjs/swagger';

const json = (description: string) =>
  ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description });

export class AuditEventResponse {
  @ApiProperty({ description: 'Position in the chain; newer events have larger numbers (gaps are normal)' })
  seq: number;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for the system' })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorEmail: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'manager' }) actorRole: string | null;
  @ApiProperty({ example: 'agreement.status' }) action: string;
  @ApiProperty({ example: 'agreement' }) entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @json('Updates: the changed fields as they were. Creates: null') before: unknown;
  @json('Creates: the record as created. Updates: the changed fields as they became') after: unknown;
  @json('Context, e.g. agreementId on milestone events, from/to on status changes') metadata: unknown;
  @ApiProperty({ nullable: true, type: String, description: 'X-Request-Id of the request that made the change' })
  requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) clientIp: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ description: 'hash of the event before this one (64 zeros for the first)' }) prevHash: string;
  @ApiProperty({ description: 'SHA-256 hex of prevHash + the canonical JSON of this event' }) hash: string;
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty({ description: 'All events matching the filters' }) total: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}

export class AuditChainBreak {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['hash-mismatch', 'broken-link'],
    description:
      'hash-mismatch: the event was altered after it was written; broken-link: its prevHash is not the hash ' +
      'of the event before it (an event was removed, inserted or its hash rewritten)',
  })
  reason: 'hash-mismatch' | 'broken-link';
}

export class AuditVerification {
  @ApiProperty({ description: 'true when every event checks out' }) valid: boolean;
  @ApiProperty({ description: 'Events checked: every event of the trail' }) checked: number;
  @ApiProperty({ description: 'Events that do not check out, all of them' }) invalidCount: number;
  @ApiProperty({ type: AuditChainBreak, nullable: true }) firstInvalid: AuditChainBreak | null;
  @ApiProperty({
    type: [AuditChainBreak],
    description: 'Every event that does not check out, oldest first (the first 1,000 when there are more)',
  })
  invalid: AuditChainBreak[];
}
