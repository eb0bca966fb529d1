import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { type AuthenticatedUser, DomainError, type Role } from '@mou/domain';
import type { AccessTokenClaims } from './access-token.js';
import { ALLOWED_ROLES, BEFORE_PASSWORD_CHANGE, PUBLIC_ROUTE, SIGN_IN_OPTIONAL } from './access.decorators.js';
import { UsersRepository } from '../users/users.repository.js';

/**
 * Every route needs a valid access token unless it is @Public(), and a role it names in
 * @Roles(). The user is re-read on each request, so a logout, a password change or a
 * deactivation ends existing tokens at once, not when they expire. While a user's password
 * must be changed, only the routes marked @BeforePasswordChange() let them through.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    if (!request.headers.authorization && this.reflector.getAllAndOverride<boolean>(SIGN_IN_OPTIONAL, targets)) {
      return true;
    }
    const { mustChangePassword, ...user } = await this.authenticate(request);
    request.user = user;
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw new DomainError(
        'PASSWORD_CHANGE_REQUIRED',
        'Change your password first (POST /auth/password): it was set by someone else',
      );
    }

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(request.user.role)) {
      throw new DomainError('FORBIDDEN', `A ${request.user.role} may not do this`);
    }
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<AuthenticatedUser & { mustChangePassword: boolean }> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw unauthorized('Sign in first: send Authorization: Bearer <accessToken>');
    let claims: AccessTokenClaims & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: unknown }>(token);
    } catch {
      throw unauthorized('The access token is invalid or has expired; refresh it or sign in again');
    }
    // jsonwebtoken accepts a token with no exp as valid forever; every token this API issues has one.
    if (typeof claims.exp !== 'number') {
      throw unauthorized('The access token is invalid or has expired; refresh it or sign in again');
    }
    const user = await this.users.findSessionUser(claims.sub);
    if (!user || !user.active || user.session_version !== claims.sv) {
      throw unauthorized('This session has ended; sign in again');
    }
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      agency: user.agency,
      mustChangePassword: user.must_change_password,
    };
  }
}

function unauthorized(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}
