import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the console keeps per user: the language and calendar each person reads dates in
 * (Thai and the Buddhist Era unless they choose otherwise), and whether the password was
 * set by someone else (the one-time first-admin password, an admin's reset) and must be
 * changed before anything else is done.
 */
export class UserPreferences1795678000000 implements MigrationInterface {
  name = 'UserPreferences1795678000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN locale text NOT NULL DEFAULT 'th',
        ADD COLUMN calendar text NOT NULL DEFAULT 'buddhist',
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT ck_app_user_locale CHECK (locale IN ('th', 'en')),
        ADD CONSTRAINT ck_app_user_calendar CHECK (calendar IN ('buddhist', 'gregorian'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT ck_app_user_calendar,
        DROP CONSTRAINT ck_app_user_locale,
        DROP COLUMN must_change_password,
        DROP COLUMN calendar,
        DROP COLUMN locale`);
  }
}
