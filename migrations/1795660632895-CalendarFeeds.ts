import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret calendar feed URLs, one row per feed a user creates. Only the SHA-256 of the
 * token is kept: the URL is shown once, at creation, and a leaked table reveals no feed.
 * A feed is revoked (revoked_at), never deleted, so the application role may not delete.
 */
export class CalendarFeeds1795660632895 implements MigrationInterface {
  name = 'CalendarFeeds1795660632895';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT pk_calendar_feed PRIMARY KEY (id),
        CONSTRAINT uq_calendar_feed_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_calendar_feed_user FOREIGN KEY (user_id) REFERENCES app_user (id),
        CONSTRAINT ck_calendar_feed_token_hash CHECK (token_hash ~ '^[0-9a-f]{64}$')
      )`);
    // A user's own feeds, newest first.
    await q.query(`CREATE INDEX ix_calendar_feed_user ON calendar_feed (user_id, created_at, id)`);
    // Default privileges grant mou_app SELECT, INSERT, UPDATE, DELETE on new tables: take DELETE back.
    await q.query(`REVOKE DELETE, TRUNCATE ON calendar_feed FROM mou_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed`);
  }
}
