import { Injectable } from '@nestjs/common';
import { type AgreementRow, type AgreementTermRow, type Queryable, queryRows } from '@mou/database';

/** One term a roll-over round started. */
export type RolledTerm = Pick<AgreementRow, 'id' | 'reference'> &
  Pick<AgreementTermRow, 'seq' | 'starts_on' | 'ends_on'>;

/**
 * The automatic renewal's statement over agreement and agreement_term. It lives beside
 * the reminders because the worker's scheduler runs it, in the transaction that replans
 * the renewed agreements' reminders.
 */
@Injectable()
export class TermRolloverRepository {
  /**
   * One round: every agreement that renews automatically, is in force, has no decision to
   * let the current term expire or to terminate, is not terminated by then, and whose last
   * day is before `today` starts its next term (same length) the day after that last day.
   * The row locks (FOR UPDATE) keep a concurrent edit from interleaving.
   */
  async rollOnce(runner: Queryable, today: string, actorLabel: string): Promise<RolledTerm[]> {
    return queryRows<RolledTerm>(
      runner,
      `
  WITH due AS (
    SELECT a.id, a.expires_on + 1 AS starts_on
      FROM agreement a
     WHERE a.renewal = 'automatic' AND a.status = 'in-force' AND a.archived_at IS NULL
       AND a.expires_on < $1::date
       AND (a.terminates_on IS NULL OR a.terminates_on > a.expires_on + 1)
       AND NOT (a.decision IS NOT NULL AND a.decision IN ('let-expire', 'terminate')
                AND a.decision_term_starts_on = coalesce(a.term_started_on, a.effective_on))
     ORDER BY a.id
       FOR UPDATE
  ),
  rolled AS (
    UPDATE agreement a
       SET term_started_on = d.starts_on,
           decision = NULL, decision_note = NULL, decided_at = NULL, decided_by = NULL,
           decision_term_starts_on = NULL,
           version = a.version + 1, updated_at = now(), updated_by = $2
      FROM due d
     WHERE a.id = d.id
    RETURNING a.id, a.reference, a.term_started_on, a.term_months
  ),
  term AS (
    INSERT INTO agreement_term (agreement_id, seq, starts_on, ends_on, origin, created_by)
    SELECT r.id,
           coalesce((SELECT max(t.seq) FROM agreement_term t WHERE t.agreement_id = r.id), 0) + 1,
           r.term_started_on, mou_last_day_in_force(r.term_started_on, r.term_months), 'renewal', $2
      FROM rolled r
    RETURNING agreement_id, seq, starts_on::text AS starts_on, ends_on::text AS ends_on
  )
  SELECT r.id, r.reference, t.seq, t.starts_on, t.ends_on
    FROM rolled r JOIN term t ON t.agreement_id = r.id`,
      [today, actorLabel],
    );
  }
}
