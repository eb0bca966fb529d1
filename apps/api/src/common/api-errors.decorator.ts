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
  413: 'Body larger than BODY_LIMIT_BYTES (a document: larger than DOCUMENT_MAX_BYTES; nothing was stored)',
  415: 'UNSUPPORTED_FILE_TYPE: the content is not an allowed type, or not the type its name or declared type claims',
  422: 'INVALID_FILE: an encrypted or damaged PDF, a zip that is no real DOCX/XLSX, or a zip bomb',
  500: 'CHECKSUM_MISMATCH: the stored bytes no longer match their SHA-256 and were not sent (audited)',
};

/** Documents the error responses a route can give, all in the one error shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: descriptions[status], type: ErrorResponseDto })),
  );
}
