import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRow, queryRows, type RefreshTokenRow } from '@mou/database';

/** Every statement on refresh_token. Tokens are stored as their SHA-256 digest only. */

export type NewRefreshToken = Pick<
  RefreshTokenRow,
  'user_id' | 'token_hash' | 'session_version' | 'client_ip' | 'user_agent'
> & { ttlDays: number };

/** A token as a refresh judges it, locked. */
export type RefreshTokenState = Pick<
  RefreshTokenRow,
  'id' | 'user_id' | 'session_version' | 'revoked_at' | 'replaced_by'
> & { expired: boolean };

@Injectable()
export class RefreshTokensRepository {
  /** Returns the new row's id. */
  async insert(tx: EntityManager, token: NewRefreshToken): Promise<string> {
    const [{ id }] = await queryRows<Pick<RefreshTokenRow, 'id'>>(
      tx,
      `INSERT INTO refresh_token (user_id, token_hash, session_version, expires_at, client_ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5, $6) RETURNING id`,
      [token.user_id, token.token_hash, token.session_version, token.ttlDays, token.client_ip, token.user_agent],
    );
    return id;
  }

  /** Who the token belongs to, without locking (the user's row is locked first). */
  async ownerOf(tx: EntityManager, tokenHash: string): Promise<string | null> {
    const row = await queryRow<Pick<RefreshTokenRow, 'user_id'>>(
      tx,
      'SELECT user_id FROM refresh_token WHERE token_hash = $1',
      [tokenHash],
    );
    return row?.user_id ?? null;
  }

  async lockByHash(tx: EntityManager, tokenHash: string): Promise<RefreshTokenState | null> {
    return queryRow<RefreshTokenState>(
      tx,
      `SELECT id, user_id, session_version, revoked_at, replaced_by, expires_at <= now() AS expired
         FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
  }

  /** Revokes a token that has been exchanged, pointing to its successor (reuse is then detectable). */
  async markReplaced(tx: EntityManager, id: string, successorId: string): Promise<void> {
    await tx.query(`UPDATE refresh_token SET revoked_at = now(), replaced_by = $2 WHERE id = $1`, [id, successorId]);
  }

  async revokeAllOf(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
