import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets an installation makes for itself on first start, such as the key that signs
 * access tokens when JWT_SECRET is not set: kept in the database so every API instance
 * and every restart uses the same one, and no installation runs on a key anyone could
 * read in the repository. The application may create a secret but never replace or
 * remove one (that would sign everyone out, or let a forged key in).
 */
export class InstallationSecrets1795676000000 implements MigrationInterface {
  name = 'InstallationSecrets1795676000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE installation_secret (
        name text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_installation_secret PRIMARY KEY (name),
        CONSTRAINT ck_installation_secret_length CHECK (length(value) >= 32)
      )`);
    await q.query(`REVOKE ALL ON installation_secret FROM mou_app`);
    await q.query(`GRANT SELECT, INSERT ON installation_secret TO mou_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE installation_secret`);
  }
}
