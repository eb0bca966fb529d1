import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { type FieldError } from './field-errors.js';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'effectiveOn' })
  field: string;

  @ApiProperty({ example: 'must be a real calendar date in YYYY-MM-DD form' })
  message: string;
}

/** The one shape every error response takes. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ example: 'VALIDATION_FAILED', description: 'Machine-readable cause' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldError[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'On 409 VERSION_CONFLICT: the record as it stands now (the shape the route answers with)',
  })
  current?: unknown;

  @ApiPropertyOptional({ type: [String], description: 'On 409 ILLEGAL_TRANSITION: statuses allowed from here' })
  allowed?: readonly string[];

  @ApiProperty({ description: 'Quote it when reporting a problem', example: 'req-1' })
  requestId: string;
}

export function errorBody(
  statusCode: number,
  message: string,
  requestId: string,
  extra: Partial<ErrorResponseDto> = {},
): ErrorResponseDto {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...extra, requestId };
}
