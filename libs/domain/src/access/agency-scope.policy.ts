import { DomainError } from '../errors/domain-error.js';
import type { Actor } from './actor.js';

/**
 * Officers keep the records of their own agency; managers keep every agency's, and so
 * does the system (the nightly pass, seed:demo), which no token can claim to be. Reading
 * is open to every role, so a refusal here is a 403, not a 404: the record's existence
 * is no secret.
 */
export function mayKeepRecordsOf(actor: Actor, leadAgency: string): boolean {
  if (actor.role === 'manager' || actor.role === 'system') return true;
  return actor.role === 'officer' && actor.agency === leadAgency;
}

export function assertMayKeepRecordsOf(actor: Actor, leadAgency: string): void {
  if (!mayKeepRecordsOf(actor, leadAgency)) {
    throw new DomainError(
      'FORBIDDEN',
      `Officers of ${actor.agency ?? 'no agency'} keep only their own agency's records; this one belongs to ${leadAgency}`,
    );
  }
}
