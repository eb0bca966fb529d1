import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, domainErrorStatus } from '@mou/domain';
import { errorBody, ErrorResponseDto } from './error-response.js';

/**
 * Maps everything thrown to the one error shape. Domain errors carry their code; HTTP
 * errors keep their status; anything else is a 500 that says only its request id, so no
 * stack trace or SQL ever reaches a client.
 */
export function toErrorResponse(exception: unknown, requestId: string, logger: Logger): ErrorResponseDto {
  if (exception instanceof DomainError) {
    return errorBody(domainErrorStatus[exception.code], exception.message, requestId, {
      code: exception.code,
      ...exception.details,
    });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as
      string | { message?: string | string[]; errors?: unknown; code?: string };
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray(response.message)
          ? response.message.join('; ')
          : (response.message ?? exception.message);
    const extra = typeof response === 'object' ? { errors: response.errors, code: response.code } : {};
    return errorBody(status, message, requestId, extra as Partial<ErrorResponseDto>);
  }
  // Errors raised by Fastify itself (malformed JSON, body too large, bad content type).
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return errorBody(fastifyError.statusCode, fastifyError.message ?? 'Bad request', requestId, {
      code: fastifyError.code,
    });
  }
  logger.error({ err: exception, requestId }, 'Unhandled error');
  return errorBody(500, `Internal error; quote request id ${requestId} when reporting it`, requestId);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toErrorResponse(exception, String(request.id), this.logger);
    void reply.status(body.statusCode).header('x-request-id', String(request.id)).send(body);
  }
}
