import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  IsString,
  IsUUID,
  Length,
  type ValidationOptions,
  ValidateBy,
  buildMessage,
} from 'class-validator';
import { isRegisterDate } from '@mou/domain';
import { PageQuery } from '../../common/page.query.js';

/** ISO 8601 with a zone, to the microsecond at most: 2026-11-26T09:00:00+07:00, 2026-11-26T02:00:00.123Z. */
const instantPattern =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):?[0-5]\d)$/;

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && isRegisterDate(instantPattern.exec(value)?.[1]);
}

function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => isInstant(value),
        defaultMessage: buildMessage(() => 'must be an ISO 8601 instant with a zone, e.g. 2026-11-26T09:00:00+07:00'),
      },
    },
    options,
  );
}

/** Filters of GET /audit-events; newest first. */
export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'agreement' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  entityType?: string;

  @ApiPropertyOptional({ description: 'The record: a uuid, or a code for cooperation areas' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'agreement.status' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
