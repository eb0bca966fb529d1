import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor as ActorType, AuthenticatedUser } from '@mou/domain';

/**
 * The signed-in user making the change, with the request it came in on: services write
 * it on the record and in the audit trail. The auth guard has already refused anonymous
 * callers on every route that takes this.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): ActorType => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
  return actorOf(request);
});

export function actorOf(request: FastifyRequest & { user?: AuthenticatedUser }): ActorType {
  const user = request.user;
  const userAgent = request.headers['user-agent'];
  return {
    userId: user?.id ?? null,
    email: user?.email ?? 'anonymous',
    role: user?.role ?? 'system',
    agency: user?.agency ?? null,
    requestId: String(request.id),
    ip: request.ip,
    userAgent: Array.isArray(userAgent) ? userAgent[0] : userAgent,
  };
}
