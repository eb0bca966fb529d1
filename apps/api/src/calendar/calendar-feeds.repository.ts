import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AppUserRow, type CalendarFeedRow, queryRow, queryRows } from '@mou/database';

type Db = DataSource | EntityManager;

/** A feed as the API shows it: never its token's hash. */
export type FeedRow = Omit<CalendarFeedRow, 'token_hash'>;

/** A live feed found by its token, with what its owner may read. */
export type FeedOwner = Pick<CalendarFeedRow, 'id'> & Pick<AppUserRow, 'role' | 'agency'>;

/** Every statement on `calendar_feed`. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: Db, userId: string, tokenHash: string, createdAt: Date): Promise<FeedRow> {
    const row = await queryRow<FeedRow>(
      tx,
      `INSERT INTO calendar_feed (user_id, token_hash, created_at) VALUES ($1, $2, $3)
       RETURNING id, user_id, created_at, revoked_at`,
      [userId, tokenHash, createdAt],
    );
    return row!;
  }

  /** A user's feeds, revoked ones included, newest first. */
  listOwn(userId: string): Promise<FeedRow[]> {
    return queryRows(
      this.db,
      `SELECT id, user_id, created_at, revoked_at FROM calendar_feed
        WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
      [userId],
    );
  }

  /** One of the user's feeds, locked for the rest of the transaction; null if it is not theirs. */
  lockOwn(tx: Db, id: string, userId: string): Promise<FeedRow | null> {
    return queryRow(
      tx,
      `SELECT id, user_id, created_at, revoked_at FROM calendar_feed WHERE id = $1 AND user_id = $2 FOR UPDATE`,
      [id, userId],
    );
  }

  async revoke(tx: Db, id: string, at: Date): Promise<FeedRow> {
    // Through a CTE: TypeORM hands back [rows, count] for a bare UPDATE … RETURNING.
    const row = await queryRow<FeedRow>(
      tx,
      `WITH f AS (UPDATE calendar_feed SET revoked_at = $2 WHERE id = $1 RETURNING *)
         SELECT id, user_id, created_at, revoked_at FROM f`,
      [id, at],
    );
    return row!;
  }

  /** The live feed with this token hash, of an active user, or null. */
  findLive(tokenHash: string): Promise<FeedOwner | null> {
    return queryRow(
      this.db,
      `SELECT f.id, u.role, u.agency
         FROM calendar_feed f JOIN app_user u ON u.id = f.user_id
        WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.active`,
      [tokenHash],
    );
  }
}
