import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A last day in force is derived (entry into force or the current term's start, plus the
 * term), so no input check alone keeps it a four-digit YYYY-MM-DD: 2999-12-31 plus 100
 * years was stored as 10099-12-30. Every write is now held to the register's span
 * (latestDate in libs/domain; a test holds the two together), for every writer at once.
 * NOT VALID: a register that already holds such a row still migrates; any write to it
 * must then bring it within the span.
 */
export class BoundedExpiry1795675000000 implements MigrationInterface {
  name = 'BoundedExpiry1795675000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agreement
        ADD CONSTRAINT ck_agreement_expires_on_span CHECK (expires_on <= DATE '2999-12-31') NOT VALID`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement DROP CONSTRAINT ck_agreement_expires_on_span`);
  }
}
