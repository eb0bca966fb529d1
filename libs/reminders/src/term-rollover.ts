import type { Queryable } from '@mou/database';
import { TermRolloverRepository } from './term-rollover.repository.js';

/** One agreement moved on by the roll-over, with the terms it gained (oldest first). */
export interface RolledAgreement {
  id: string;
  reference: string;
  terms: Array<{ seq: number; startsOn: string; endsOn: string }>;
}

const terms = new TermRolloverRepository();

/**
 * Automatic renewal ("tacit extension unless a party gives notice"): rolls every agreement
 * due for it into its next term(s), in the caller's transaction, set-based. Rounds repeat
 * until nothing changes, so an agreement several terms behind catches up to the term that
 * contains `today`. Each new term is recorded in agreement_term (origin 'renewal').
 * Expiry and notice deadline follow from the generated columns; replan the returned
 * agreements' reminders and audit them in the same transaction.
 */
export async function rollOverAutomaticRenewals(
  manager: Queryable,
  today: string,
  actorLabel = 'system',
): Promise<RolledAgreement[]> {
  const byId = new Map<string, RolledAgreement>();
  // A term is at least a month: a century-old agreement needs at most 1,200 rounds; the
  // bound only guards against a loop that would never end.
  for (let round = 0; round < 2000; round += 1) {
    const rows = await terms.rollOnce(manager, today, actorLabel);
    if (!rows.length) break;
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { id: row.id, reference: row.reference, terms: [] };
      entry.terms.push({ seq: row.seq, startsOn: row.starts_on, endsOn: row.ends_on });
      byId.set(row.id, entry);
    }
  }
  return [...byId.values()];
}
