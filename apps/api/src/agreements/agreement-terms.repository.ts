import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AgreementTermRow, queryRow, queryRows } from '@mou/database';

/** Every statement on `agreement_term`: an agreement's terms, the original one and its renewals. */

export type TermRow = Pick<
  AgreementTermRow,
  'id' | 'seq' | 'starts_on' | 'ends_on' | 'origin' | 'created_at' | 'created_by'
>;

@Injectable()
export class AgreementTermsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every term of an agreement, oldest first. */
  list(agreementId: string): Promise<TermRow[]> {
    return queryRows<TermRow>(
      this.db,
      `SELECT id, seq, starts_on, ends_on, origin, created_at, created_by
         FROM agreement_term WHERE agreement_id = $1 ORDER BY seq`,
      [agreementId],
    );
  }

  /**
   * Keeps the term history in step with the records: the original term once an agreement
   * has a date of entry into force, and the current term's dates after an edit.
   */
  async sync(tx: EntityManager, ids: string[], by: string): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO agreement_term (agreement_id, seq, starts_on, ends_on, origin, created_by)
       SELECT a.id, 1, a.effective_on, a.expires_on, 'original', $2
         FROM agreement a
        WHERE a.id = ANY($1::uuid[]) AND a.expires_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM agreement_term t WHERE t.agreement_id = a.id)`,
      [ids, by],
    );
    await queryRows(
      tx,
      `UPDATE agreement_term t
          SET starts_on = coalesce(a.term_started_on, a.effective_on), ends_on = a.expires_on
         FROM agreement a
        WHERE a.id = ANY($1::uuid[]) AND t.agreement_id = a.id AND a.expires_on IS NOT NULL
          AND t.seq = (SELECT max(seq) FROM agreement_term WHERE agreement_id = a.id)
          AND (t.starts_on, t.ends_on) IS DISTINCT FROM (coalesce(a.term_started_on, a.effective_on), a.expires_on)`,
      [ids],
    );
  }

  /** The day after `date`, by PostgreSQL's calendar (as the term's dates are computed). */
  async dayAfter(tx: EntityManager, date: string): Promise<string> {
    const row = await queryRow<{ starts_on: string }>(tx, `SELECT ($1::date + 1)::text AS starts_on`, [date]);
    return row!.starts_on;
  }

  /** Appends the term a renewal started (the agreement row already carries its dates). */
  async appendRenewal(
    tx: EntityManager,
    agreementId: string,
    by: string,
  ): Promise<Pick<AgreementTermRow, 'seq' | 'starts_on' | 'ends_on'>> {
    const row = await queryRow<Pick<AgreementTermRow, 'seq' | 'starts_on' | 'ends_on'>>(
      tx,
      `INSERT INTO agreement_term (agreement_id, seq, starts_on, ends_on, origin, created_by)
       SELECT a.id, coalesce((SELECT max(seq) FROM agreement_term WHERE agreement_id = a.id), 0) + 1,
              a.term_started_on, a.expires_on, 'renewal', $2
         FROM agreement a WHERE a.id = $1
       RETURNING seq, starts_on::text AS starts_on, ends_on::text AS ends_on`,
      [agreementId, by],
    );
    return row!;
  }
}
