import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, type AuthenticatedUser, DomainError, passwordProblem } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password.hasher.js';
import { changedFields } from '../audit/audit-changes.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { digest, Sessions, toAuthUser } from './sessions.js';
import { type SessionUser, UsersRepository } from '../users/users.repository.js';
import type { AuthUserResponse, TokenPairResponse } from './dto/auth.response.js';
import type { ChangePasswordDto, LoginDto, UpdatePreferencesDto } from './dto/login.dto.js';

/** One message for a wrong password, an unknown email and a deactivated account alike. */
const BAD_CREDENTIALS = 'Email or password is incorrect';

/** The request a sign-in or refresh came in on (there is no signed-in user yet). */
export type Origin = Pick<Actor, 'requestId' | 'ip' | 'userAgent'>;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: Sessions,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly audit: AuditService,
  ) {}

  async login(dto: LoginDto, origin: Origin): Promise<TokenPairResponse> {
    const email = dto.email.trim().toLowerCase();
    const ip = origin.ip ?? 'unknown';
    // Counted before the password is checked: concurrent attempts cannot pass the limit.
    const attempt = await this.throttle.begin(ip, email);

    const user = await this.users.findForSignIn(email);
    // An unknown email still costs one argon2 verification, so timing says nothing.
    const passwordOk = user
      ? await this.hasher.verify(user.password_hash, dto.password)
      : await this.hasher.verifyNobody(dto.password);
    if (!user || !passwordOk || !user.active) {
      const reason = !user ? 'unknown-email' : !passwordOk ? 'wrong-password' : 'inactive';
      await attempt.failed();
      await this.recordFailedLogin(email, origin, reason);
      throw new DomainError('INVALID_CREDENTIALS', BAD_CREDENTIALS);
    }
    await attempt.succeeded();

    const { tokenId: _, ...pair } = await this.db.transaction(async (tx) => {
      const issued = await this.sessions.issue(tx, user, origin);
      await this.audit.record(tx, actorFor(user, origin), {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        metadata: { refreshTokenId: issued.tokenId },
      });
      return issued;
    });
    return pair;
  }

  /**
   * Exchanges a refresh token for a new pair, once: the old one is revoked and points to
   * its successor. Presenting a token that was already exchanged means two parties hold
   * it, so every session of that user ends (session_version bumps) and the answer is 401.
   */
  async refresh(refreshToken: string, origin: Origin): Promise<TokenPairResponse> {
    const ip = origin.ip ?? 'unknown';
    const attempt = await this.throttle.begin(ip);
    const hash = digest(refreshToken);

    const outcome = await this.db.transaction(async (tx) => {
      const ownerId = await this.refreshTokens.ownerOf(tx, hash);
      if (!ownerId) return { ok: false as const, reason: 'unknown' };
      // Lock order: the user, then their tokens (as logout and password changes do).
      const user = await this.users.lockSessionUser(tx, ownerId);
      const token = await this.refreshTokens.lockByHash(tx, hash);
      // Tokens are never deleted and their user is referenced, so both exist once the owner was found.
      if (!user || !token) return { ok: false as const, reason: 'unknown' };
      if (token.revoked_at && token.replaced_by) {
        await this.sessions.endAll(tx, user.id);
        await this.audit.record(tx, actorFor(user, origin), {
          action: 'auth.refresh-reuse',
          entityType: 'user',
          entityId: user.id,
          metadata: { refreshTokenId: token.id, replacedBy: token.replaced_by },
        });
        return { ok: false as const, reason: 'reused' };
      }
      if (token.revoked_at || token.expired || !user.active || token.session_version !== user.session_version) {
        return { ok: false as const, reason: 'ended' };
      }
      const issued = await this.sessions.issue(tx, user, origin);
      await this.refreshTokens.markReplaced(tx, token.id, issued.tokenId);
      return { ok: true as const, issued };
    });
    if (!outcome.ok) {
      await attempt.failed();
      throw new DomainError(
        'UNAUTHENTICATED',
        outcome.reason === 'reused'
          ? 'This refresh token was already used; every session of this account has been ended. Sign in again.'
          : 'The refresh token is invalid or has expired; sign in again',
      );
    }
    await attempt.succeeded();
    const { tokenId: _, ...pair } = outcome.issued;
    return pair;
  }

  /**
   * Signs out everywhere: every session of the signed-in user (access tokens at once,
   * refresh tokens too) and, when the console's cookie names a live session, every
   * session of that cookie's user (the console signs out with the cookie alone once its
   * access token has gone).
   */
  async logout(user: AuthenticatedUser | undefined, cookieToken: string | undefined, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (user) {
        await this.sessions.endAll(tx, user.id);
        await this.audit.record(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: user.id });
      }
      if (!cookieToken) return;
      const owner = await this.users.ownerOfRefreshToken(tx, digest(cookieToken));
      if (!owner || owner.id === user?.id) return;
      await this.sessions.endAll(tx, owner.id);
      const { requestId, ip, userAgent } = actor;
      await this.audit.record(tx, actorFor(owner, { requestId, ip, userAgent }), {
        action: 'auth.logout',
        entityType: 'user',
        entityId: owner.id,
        metadata: { by: 'cookie' },
      });
    });
  }

  /** The signed-in user as stored now, with their settings. */
  async me(user: AuthenticatedUser): Promise<AuthUserResponse> {
    const row = await this.users.findSessionUser(user.id);
    // The guard has just read this user; only a concurrent hard delete (which nothing does) could miss.
    if (!row) throw DomainError.notFound('User', user.id);
    return toAuthUser(row);
  }

  /** Changes the caller's language or calendar (kept on the server, so it follows them); audited. */
  async updatePreferences(user: AuthenticatedUser, dto: UpdatePreferencesDto, actor: Actor): Promise<AuthUserResponse> {
    if (dto.locale === undefined && dto.calendar === undefined) {
      throw DomainError.invalid(
        [
          { field: 'locale', message: 'or calendar must be given' },
          { field: 'calendar', message: 'or locale must be given' },
        ],
        'Send locale or calendar (or both)',
      );
    }
    return this.db.transaction(async (tx) => {
      const before = await this.users.lockSessionUser(tx, user.id);
      const after = await this.users.updatePreferences(tx, user.id, dto.locale ?? null, dto.calendar ?? null);
      if (!before || !after) throw DomainError.notFound('User', user.id);
      const settings = (row: SessionUser) => ({ locale: row.locale, calendar: row.calendar });
      const changes = changedFields(settings(before), settings(after));
      if (Object.keys(changes.after).length) {
        await this.audit.record(tx, actor, {
          action: 'user.preferences',
          entityType: 'user',
          entityId: user.id,
          ...changes,
        });
      }
      return toAuthUser(after);
    });
  }

  /**
   * Changes the caller's own password after checking the current one (failures count
   * against the account like failed sign-ins), ends every other session, and returns a
   * fresh pair for this one.
   */
  async changePassword(user: AuthenticatedUser, dto: ChangePasswordDto, actor: Actor): Promise<TokenPairResponse> {
    const ip = actor.ip ?? 'unknown';
    const attempt = await this.throttle.begin(ip, user.email);
    const passwordHash = await this.users.passwordHashOf(user.id);
    if (passwordHash === null || !(await this.hasher.verify(passwordHash, dto.currentPassword))) {
      await attempt.failed();
      throw DomainError.invalid([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    await attempt.succeeded();
    if (dto.newPassword === dto.currentPassword) {
      throw DomainError.invalid([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }
    // Judged after the current password (which is rate-limited), as judging costs CPU.
    const weak = await passwordProblem(dto.newPassword, [user.email, user.displayName]);
    if (weak) {
      throw DomainError.invalid([{ field: 'newPassword', message: weak }]);
    }
    const newHash = await this.hasher.hash(dto.newPassword);

    const { tokenId: _, ...pair } = await this.db.transaction(async (tx) => {
      const updated = await this.users.setOwnPassword(tx, user.id, newHash, actor.email);
      if (!updated) throw DomainError.notFound('User', user.id);
      await this.sessions.revokeRefreshTokens(tx, user.id);
      const issued = await this.sessions.issue(tx, updated, actor);
      await this.audit.record(tx, actor, {
        action: 'auth.password-change',
        entityType: 'user',
        entityId: user.id,
        metadata: { refreshTokenId: issued.tokenId },
      });
      return issued;
    });
    return pair;
  }

  /**
   * A failed sign-in is recorded in a transaction of its own (nothing else is written),
   * as the system acting for the email that was tried.
   */
  private async recordFailedLogin(email: string, origin: Origin, reason: string): Promise<void> {
    const actor: Actor = { userId: null, email, role: 'system', agency: null, ...origin };
    await this.audit.record(this.db.manager, actor, {
      action: 'auth.login-failed',
      entityType: 'user',
      entityId: null,
      metadata: { reason },
    });
  }
}

/** The user signing in, as the actor of their own sign-in. */
export function actorFor(user: SessionUser, origin: Origin): Actor {
  return { userId: user.id, email: user.email, role: user.role, agency: user.agency, ...origin };
}
