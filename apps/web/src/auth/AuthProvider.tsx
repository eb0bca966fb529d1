import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiRequestError, type AuthUser, unwrap } from '../api/client';
import { endSession, onSessionEvent, refreshAccessToken, setAccessToken, type SessionEnd } from '../api/session';
import i18n, { type CalendarKind, type Locale } from '../i18n';
import { AuthContext, type AuthState, type Preferences } from './auth-context';

const defaults: Preferences = { locale: 'th', calendar: 'buddhist' };

/** Until the API reports preferences, an account reads Thai with the Buddhist Era. */
function preferencesOf(user: Partial<AuthUser>): Preferences {
  return { locale: user.locale ?? defaults.locale, calendar: user.calendar ?? defaults.calendar };
}

async function loadMe(): Promise<AuthUser> {
  return unwrap(await api.GET('/auth/me'));
}

/**
 * Who is signed in, and their language and calendar. On load it asks for an access token
 * from the refresh cookie (a reload keeps the session); the API client reports a session
 * that ends later, and the router sends the person to sign-in from wherever they were.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthState['status']>('loading');
  const [user, setUser] = useState<AuthUser | null>(null);
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const [preferences, setPreferences] = useState<Preferences>(defaults);

  useEffect(() => {
    void i18n.changeLanguage(preferences.locale);
    document.documentElement.lang = preferences.locale;
  }, [preferences.locale]);

  const adopt = useCallback((me: AuthUser) => {
    setUser(me);
    setPreferences(preferencesOf(me));
    setEnded(null);
    setStatus('signed-in');
  }, []);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const renewed = await refreshAccessToken();
      const me = renewed ? await loadMe().catch(() => null) : null;
      if (cancelled) return;
      if (me) adopt(me);
      else setStatus('signed-out');
    })();
    return () => {
      cancelled = true;
    };
  }, [adopt]);

  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event.type === 'ended') {
          setEnded(event.reason);
          setUser(null);
          setStatus('signed-out');
          queryClient.clear();
        } else if (event.type === 'password-change-required') {
          setUser((current) => (current ? { ...current, mustChangePassword: true } : current));
        }
      }),
    [queryClient],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const pair = unwrap(await api.POST('/auth/login', { body: { email, password }, credentials: 'same-origin' }));
      setAccessToken(pair.accessToken);
      adopt(await loadMe());
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    await api.POST('/auth/logout', { credentials: 'same-origin' }).catch(() => undefined);
    endSession('signed-out');
  }, []);

  const passwordChanged = useCallback(
    async (accessToken: string) => {
      setAccessToken(accessToken);
      adopt(await loadMe());
    },
    [adopt],
  );

  const updatePreferences = useCallback(
    async (change: Partial<Preferences>) => {
      setPreferences((current) => ({ ...current, ...change }));
      if (status !== 'signed-in') return;
      const result = await api.PATCH('/auth/me', { body: change });
      if (result.error !== undefined) throw new ApiRequestError(result.response.status, result.error);
      if (result.data) setUser(result.data);
    },
    [status],
  );

  const value = useMemo<AuthState>(
    () => ({ status, user, ended, preferences, signIn, signOut, passwordChanged, updatePreferences }),
    [status, user, ended, preferences, signIn, signOut, passwordChanged, updatePreferences],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export type { CalendarKind, Locale };
