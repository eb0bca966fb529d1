import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read state of in-app notifications, per user: a notification goes to the whole office,
 * and one person reading it does not mean everyone has. One row per user and notification
 * they marked read, written once (the first time is kept).
 *
 * The office-wide notification.read_at goes: no user can be named for a mark it holds, so
 * those notifications read as unread to everyone again (down() puts back the earliest
 * read time).
 */
export class NotificationReads1795676000001 implements MigrationInterface {
  name = 'NotificationReads1795676000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_read (
        user_id uuid NOT NULL,
        notification_id uuid NOT NULL,
        read_at timestamptz NOT NULL,
        CONSTRAINT pk_notification_read PRIMARY KEY (user_id, notification_id),
        CONSTRAINT fk_notification_read_user FOREIGN KEY (user_id) REFERENCES app_user (id),
        CONSTRAINT fk_notification_read_notification FOREIGN KEY (notification_id) REFERENCES notification (id)
      )`);
    await q.query(`CREATE INDEX ix_notification_read_notification ON notification_read (notification_id)`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON notification_read FROM mou_app`);
    await q.query(`ALTER TABLE notification DROP COLUMN read_at`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN read_at timestamptz`);
    await q.query(`
      UPDATE notification n SET read_at = r.first_read
        FROM (SELECT notification_id, min(read_at) AS first_read FROM notification_read GROUP BY notification_id) r
       WHERE r.notification_id = n.id`);
    await q.query(`DROP TABLE notification_read`);
  }
}
