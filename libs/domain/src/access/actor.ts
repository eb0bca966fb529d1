export const roles = ['admin', 'officer', 'manager', 'auditor'] as const;
export type Role = (typeof roles)[number];

/**
 * Who makes a change, and from where: recorded on the record (by email) and in the audit
 * trail (in full). Background work acts as the system.
 */
export interface Actor {
  userId: string | null;
  email: string;
  role: Role | 'system';
  agency: string | null;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export const systemActor = (label = 'system'): Actor => ({ userId: null, email: label, role: 'system', agency: null });

/** A signed-in user as the auth guard attaches it to the request. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agency: string;
}

/** The languages the console and exports speak; Thai unless a user chooses otherwise. */
export const userLocales = ['th', 'en'] as const;
export type UserLocale = (typeof userLocales)[number];

/** How dates are shown: the Buddhist Era (CE + 543) unless a user chooses otherwise. */
export const userCalendars = ['buddhist', 'gregorian'] as const;
export type UserCalendar = (typeof userCalendars)[number];
