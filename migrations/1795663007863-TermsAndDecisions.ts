import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Renewals and the term history. An agreement's current term may start later than its
 * entry into force (term_started_on; NULL means effective_on), so expiry and notice
 * deadline are redefined over the current term. PostgreSQL 15 cannot change a generated
 * column's expression in place: the columns are dropped and added again, and every index
 * over them is rebuilt. agreement_term keeps every term, the original one included.
 * A manager's decision about the current term, a termination by notice and the links to
 * amended or superseded instruments live on the agreement.
 */
export class TermsAndDecisions1795663007863 implements MigrationInterface {
  name = 'TermsAndDecisions1795663007863';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement ADD COLUMN term_started_on date`);
    await this.redefineDates(q, 'coalesce(term_started_on, effective_on)');

    await q.query(`
      ALTER TABLE agreement
        ADD COLUMN decision text,
        ADD COLUMN decision_note text,
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decided_by text,
        ADD COLUMN decision_term_starts_on date,
        ADD COLUMN termination_notice_on date,
        ADD COLUMN terminates_on date,
        ADD COLUMN amends_id uuid,
        ADD COLUMN supersedes_id uuid,
        ADD CONSTRAINT ck_agreement_decision CHECK (decision IN ('renew','let-expire','terminate')),
        ADD CONSTRAINT ck_agreement_decision_term CHECK ((decision IS NULL) = (decision_term_starts_on IS NULL)),
        ADD CONSTRAINT ck_agreement_termination CHECK (
          (termination_notice_on IS NULL) = (terminates_on IS NULL) AND terminates_on >= termination_notice_on),
        ADD CONSTRAINT fk_agreement_amends FOREIGN KEY (amends_id) REFERENCES agreement (id),
        ADD CONSTRAINT fk_agreement_supersedes FOREIGN KEY (supersedes_id) REFERENCES agreement (id),
        ADD CONSTRAINT ck_agreement_amends_self CHECK (amends_id <> id),
        ADD CONSTRAINT ck_agreement_supersedes_self CHECK (supersedes_id <> id)`);
    await q.query(`CREATE INDEX ix_agreement_amends ON agreement (amends_id) WHERE amends_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_agreement_supersedes ON agreement (supersedes_id) WHERE supersedes_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE agreement_term (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        seq integer NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        origin text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        CONSTRAINT pk_agreement_term PRIMARY KEY (id),
        CONSTRAINT fk_agreement_term_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        CONSTRAINT uq_agreement_term_seq UNIQUE (agreement_id, seq),
        CONSTRAINT ck_agreement_term_origin CHECK (origin IN ('original','renewal','extension')),
        CONSTRAINT ck_agreement_term_seq CHECK (seq >= 1),
        CONSTRAINT ck_agreement_term_dates CHECK (ends_on >= starts_on)
      )`);
    await q.query(`
      INSERT INTO agreement_term (agreement_id, seq, starts_on, ends_on, origin, created_at, created_by)
      SELECT id, 1, effective_on, expires_on, 'original', created_at, created_by
        FROM agreement WHERE effective_on IS NOT NULL AND expires_on IS NOT NULL`);
    // Default privileges grant mou_app SELECT, INSERT, UPDATE, DELETE on new tables: the term history is kept.
    await q.query(`REVOKE DELETE, TRUNCATE ON agreement_term FROM mou_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agreement_term`);
    await q.query(`DROP INDEX ix_agreement_supersedes`);
    await q.query(`DROP INDEX ix_agreement_amends`);
    await q.query(`
      ALTER TABLE agreement
        DROP COLUMN supersedes_id,
        DROP COLUMN amends_id,
        DROP COLUMN terminates_on,
        DROP COLUMN termination_notice_on,
        DROP COLUMN decision_term_starts_on,
        DROP COLUMN decided_by,
        DROP COLUMN decided_at,
        DROP COLUMN decision_note,
        DROP COLUMN decision`);
    await this.redefineDates(q, 'effective_on');
    await q.query(`ALTER TABLE agreement DROP COLUMN term_started_on`);
  }

  /** Drops and re-adds expires_on and notice_deadline over `start`, with the indexes that use them. */
  private async redefineDates(q: QueryRunner, start: string): Promise<void> {
    // Dropping the columns drops their indexes too; they are rebuilt as InitialSchema made them.
    await q.query(`ALTER TABLE agreement DROP COLUMN notice_deadline, DROP COLUMN expires_on`);
    await q.query(`
      ALTER TABLE agreement
        ADD COLUMN expires_on date GENERATED ALWAYS AS (mou_last_day_in_force(${start}, term_months)) STORED,
        ADD COLUMN notice_deadline date GENERATED ALWAYS AS (mou_last_day_in_force(${start}, term_months) - notice_days) STORED`);
    await q.query(`CREATE INDEX ix_agreement_expires_sort ON agreement ((coalesce(expires_on, 'infinity'::date)), id)`);
    await q.query(`CREATE INDEX ix_agreement_expires_on ON agreement (expires_on)`);
    await q.query(
      `CREATE INDEX ix_agreement_notice_deadline ON agreement (notice_deadline) WHERE archived_at IS NULL AND status = 'in-force'`,
    );
    await q.query(`CREATE INDEX ix_agreement_status_expires ON agreement (status, expires_on)`);
  }
}
