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

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'Machine-readable cause; without a more specific one, the status text (NOT_FOUND, PAYLOAD_TOO_LARGE)',
  })
  code: string;

  @ApiProperty({ type: [FieldErrorDto], description: 'Each field at fault and why; empty when no field is' })
  errors: FieldError[];

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

/** A status's text as a code: 404 → NOT_FOUND, 413 → PAYLOAD_TOO_LARGE. */
export function codeOfStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** Every error body the API sends, whoever raised it: always a code, a list of field errors and the request id. */
export function errorBody(
  statusCode: number,
  message: string,
  requestId: string,
  extra: Partial<ErrorResponseDto> = {},
): ErrorResponseDto {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...extra,
    code: extra.code ?? codeOfStatus(statusCode),
    errors: extra.errors ?? [],
    requestId,
  };
}
