import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Who is making the change, recorded on every write. Until sign-in arrives this is the
 * `X-Actor` header (an email or name), else `anonymous`.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const header = request.headers['x-actor'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value.slice(0, 200) : 'anonymous';
});
