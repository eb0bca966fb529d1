import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/** The `version` a client read: every edit carries it, and a stale one gets 409 with the current record. */
export function ReadVersion(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: 'The version you read; a stale one gets 409 with the current record' }),
    IsInt(),
    Min(1),
  );
}
