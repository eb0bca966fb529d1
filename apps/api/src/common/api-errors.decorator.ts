import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.js';

const descriptions: Record<number, string> = {
  400: 'Invalid input: `errors` lists each field and its problem; nothing was written',
  401: 'No valid access token: sign in (POST /auth/login) or refresh it',
  403: 'Your role, or your agency, may not do this',
  404: 'No such record',
  429: 'Too many attempts: wait for Retry-After seconds',
  409: 'VERSION_CONFLICT (stale version; `current` holds the record), ILLEGAL_TRANSITION (`allowed` lists the way on), DUPLICATE or ARCHIVED',
  413: 'Body larger than BODY_LIMIT_BYTES',
};

/** Documents the error responses a route can give, all in the one error shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: descriptions[status], type: ErrorResponseDto })),
  );
}
