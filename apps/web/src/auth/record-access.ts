import type { AuthUser } from '../api/client';
import { useAuth } from './auth-context';

/**
 * Mirrors the API's rule (libs/domain access policy): managers keep every agency's
 * records, officers only their own agency's, auditors and admins none. The console only
 * hides controls with it; the API still refuses what this lets through.
 */
export function mayKeepRecordsOf(user: Pick<AuthUser, 'role' | 'agency'> | null, leadAgency: string): boolean {
  if (!user) return false;
  if (user.role === 'manager') return true;
  return user.role === 'officer' && user.agency === leadAgency;
}

/** May this person record agreements at all (the create form, "new agreement")? */
export function mayRecordAgreements(user: Pick<AuthUser, 'role'> | null): boolean {
  return user?.role === 'officer' || user?.role === 'manager';
}

export function useMayKeep(leadAgency: string | undefined): boolean {
  const { user } = useAuth();
  return leadAgency !== undefined && mayKeepRecordsOf(user, leadAgency);
}
