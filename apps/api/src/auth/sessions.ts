import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { authConfig } from '@mou/config';
import type { AccessTokenClaims } from './access-token.js';
import type { AuthUserResponse, TokenPairResponse } from './dto/auth.response.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { type SessionUser, UsersRepository } from '../users/users.repository.js';

/** Where a sign-in came from, stored with its refresh token. */
export interface Client {
  ip?: string;
  userAgent?: string;
}

/** Refresh tokens are stored as this digest only: a copy of the table opens no session. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toAuthUser(user: Omit<SessionUser, 'active' | 'session_version'>): AuthUserResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    agency: user.agency,
    locale: user.locale,
    calendar: user.calendar,
    mustChangePassword: user.must_change_password,
  };
}

/**
 * Issues and ends sessions. A session is an access token (a JWT naming the user's
 * session_version, which the guard compares on every request) and an opaque refresh token
 * (stored as its SHA-256, bound to the same session_version). Bumping session_version
 * ends every session of the user at once.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /** A new token pair; the refresh token row is written with `tx`. Returns it and the row's id. */
  async issue(tx: EntityManager, user: SessionUser, client: Client): Promise<TokenPairResponse & { tokenId: string }> {
    const refreshToken = randomBytes(32).toString('base64url');
    const tokenId = await this.refreshTokens.insert(tx, {
      user_id: user.id,
      token_hash: digest(refreshToken),
      session_version: user.session_version,
      ttlDays: this.config.refreshTtlDays,
      client_ip: client.ip ?? null,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, sv: user.session_version };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken,
      expiresIn: this.config.accessTtlSeconds,
      tokenType: 'Bearer',
      user: toAuthUser(user),
      tokenId,
    };
  }

  /**
   * Ends every session of the user: access tokens (the guard compares session_version)
   * and refresh tokens. Returns the new session_version. Lock order everywhere: the
   * user's row, then their refresh tokens.
   */
  async endAll(tx: EntityManager, userId: string): Promise<number> {
    const sessionVersion = await this.users.bumpSessionVersion(tx, userId);
    await this.revokeRefreshTokens(tx, userId);
    return sessionVersion;
  }

  async revokeRefreshTokens(tx: EntityManager, userId: string): Promise<void> {
    await this.refreshTokens.revokeAllOf(tx, userId);
  }
}
