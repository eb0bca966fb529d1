import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appConfig } from '@mou/config';
import { DomainError, type DomainErrorCode, domainErrorStatus } from '@mou/domain';
import { errorBody, ErrorResponseDto } from './error-response.js';
import { type FieldError } from './field-errors.js';

/**
 * Fastify's own refusals, raised before any route runs (Nest hands them on as an
 * HttpException whose cause is Fastify's error), in the API's words.
 */
function fastifyRefusal(code: unknown, bodyLimitBytes: number): DomainError | undefined {
  const refusal = (apiCode: DomainErrorCode, field: string, message: string): DomainError =>
    new DomainError(apiCode, `${field} ${message}`, { errors: [{ field, message }] });
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refusal('MALFORMED_JSON', 'body', 'is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refusal('MALFORMED_JSON', 'body', 'is empty, but content-type says JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refusal('PAYLOAD_TOO_LARGE', 'body', `must be at most ${bodyLimitBytes} bytes (BODY_LIMIT_BYTES)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refusal('UNSUPPORTED_MEDIA_TYPE', 'content-type', 'must be application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refusal('BAD_REQUEST', 'content-length', 'does not match the body');
    default:
      return undefined;
  }
}

/**
 * A domain error as the API answers it: the body, and the headers that go with it
 * (Retry-After on TOO_MANY_ATTEMPTS). Also used where an error is answered outside Nest's
 * exception filter, so both answer alike.
 */
export function domainErrorResponse(
  error: DomainError,
  requestId: string,
): { body: ErrorResponseDto; headers: Record<string, string> } {
  const { retryAfterSeconds, ...details } = error.details;
  return {
    body: errorBody(domainErrorStatus[error.code], error.message, requestId, { code: error.code, ...details }),
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  };
}

/**
 * Maps everything thrown to the one error shape. Domain errors carry their code; HTTP
 * errors keep their status; anything else is a 500 that says only its request id, so no
 * stack trace or SQL ever reaches a client.
 */
export function toErrorResponse(
  exception: unknown,
  requestId: string,
  logger: Logger,
  bodyLimitBytes: number,
): ErrorResponseDto {
  if (exception instanceof DomainError) return domainErrorResponse(exception, requestId).body;
  // Errors raised by Fastify itself (malformed JSON, body too large, bad content type), as
  // Nest hands them on or, should one reach here unwrapped, as Fastify raised them.
  const fastifyError = (exception instanceof HttpException ? exception.cause : exception) as
    { statusCode?: number; code?: string } | undefined;
  const refusal = fastifyRefusal(fastifyError?.code, bodyLimitBytes);
  if (refusal && typeof fastifyError?.statusCode === 'number') return domainErrorResponse(refusal, requestId).body;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as
      string | { message?: string | string[]; errors?: FieldError[]; code?: string };
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray(response.message)
          ? response.message.join('; ')
          : (response.message ?? exception.message);
    const extra = typeof response === 'object' ? { errors: response.errors, code: response.code } : {};
    return errorBody(status, message, requestId, extra);
  }
  const status = (exception as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return errorBody(status, (exception as Error).message ?? 'Bad request', requestId);
  }
  logger.error({ err: exception, requestId }, 'Unhandled error');
  return errorBody(500, `Internal error; quote request id ${requestId} when reporting it`, requestId);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toErrorResponse(exception, String(request.id), this.logger, this.config.bodyLimitBytes);
    if (exception instanceof DomainError) void reply.headers(domainErrorResponse(exception, body.requestId).headers);
    void reply.status(body.statusCode).header('x-request-id', String(request.id)).send(body);
  }
}
