import type { EntityManager } from 'typeorm';

/** One agreement moved on by the roll-over, with the terms it gained (oldest first). */
export interface RolledAgreement {
  id: string;
  reference: string;
  terms: Array<{ seq: number; startsOn: string; endsOn: string }>;
}

/**
 * One round: every agreement that renews automatically, is in force, has no decision to
 * let the current term expire or to terminate, is not terminated by then, and whose last
 * day is before `today` starts its next term (same length) the day after that last day.
 * The row locks (FOR UPDATE) keep a concurrent edit from interleaving.
 */
const rollOnceSql = `
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
    FROM rolled r JOIN term t ON t.agreement_id = r.id`;

/**
 * Automatic renewal ("tacit extension unless a party gives notice"): rolls every agreement
 * due for it into its next term(s), in the caller's transaction, set-based. Rounds repeat
 * until nothing changes, so an agreement several terms behind catches up to the term that
 * contains `today`. Each new term is recorded in agreement_term (origin 'renewal').
 * Expiry and notice deadline follow from the generated columns; replan the returned
 * agreements' reminders and audit them in the same transaction.
 */
export async function rollOverAutomaticRenewals(
  manager: EntityManager,
  today: string,
  actorLabel = 'system',
): Promise<RolledAgreement[]> {
  const byId = new Map<string, RolledAgreement>();
  // A term is at least a month: a century-old agreement needs at most 1,200 rounds; the
  // bound only guards against a loop that would never end.
  for (let round = 0; round < 2000; round += 1) {
    const rows: Array<{ id: string; reference: string; seq: number; starts_on: string; ends_on: string }> =
      await manager.query(rollOnceSql, [today, actorLabel]);
    if (!rows.length) break;
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { id: row.id, reference: row.reference, terms: [] };
      entry.terms.push({ seq: row.seq, startsOn: row.starts_on, endsOn: row.ends_on });
      byId.set(row.id, entry);
    }
  }
  return [...byId.values()];
}
