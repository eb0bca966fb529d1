import { createContext, useContext } from 'react';
import type { AuthUser } from '../api/client';
import type { SessionEnd } from '../api/session';
import { formatDate } from '../i18n/dates';
import type { CalendarKind, Locale } from '../i18n';

export interface Preferences {
  locale: Locale;
  calendar: CalendarKind;
}

export interface AuthState {
  status: 'loading' | 'signed-in' | 'signed-out';
  user: AuthUser | null;
  /** Why the last session ended, to say so on the sign-in page. */
  ended: SessionEnd | null;
  preferences: Preferences;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  passwordChanged(accessToken: string): Promise<void>;
  /** Applies at once; stored on the account (PATCH /auth/me) when signed in. */
  updatePreferences(change: Partial<Preferences>): Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function usePreferences(): Preferences {
  return useAuth().preferences;
}

/** `fmt('2022-06-04')` → `4 มิ.ย. 2565` or `4 Jun 2022`, as the person chose. */
export function useFormatDate(): (iso: string | null | undefined) => string {
  const { locale, calendar } = usePreferences();
  return (iso) => formatDate(iso, locale, calendar);
}

/** Text in the chosen language, falling back to the other when missing. */
export function useLocalized(): (en: string | null | undefined, th: string | null | undefined) => string {
  const { locale } = usePreferences();
  return (en, th) => (locale === 'th' ? th || en : en || th) ?? '';
}
