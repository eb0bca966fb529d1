/**
 * The console's session: the access token lives in this module's memory only (never in
 * storage a page script could read later); the refresh token is the API's httpOnly
 * `mou_refresh` cookie, which only POST /auth/refresh sees. Every API call goes through
 * `authFetch`, which adds the bearer, refreshes once on a 401 and retries, and reports a
 * session that cannot be renewed so the app can return to sign-in.
 */

export type SessionEnd = 'expired' | 'signed-out';
export type SessionEvent =
  { type: 'ended'; reason: SessionEnd } | { type: 'password-change-required' } | { type: 'token'; accessToken: string };

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(event: SessionEvent) => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
  if (token) emit({ type: 'token', accessToken: token });
}

export function onSessionEvent(listener: (event: SessionEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function endSession(reason: SessionEnd): void {
  accessToken = null;
  emit({ type: 'ended', reason });
}

function emit(event: SessionEvent): void {
  for (const listener of listeners) listener(event);
}

/**
 * Asks the API for a new access token from the refresh cookie. Concurrent 401s share one
 * request: the cookie rotates on every refresh, so a second parallel refresh would present
 * a token already exchanged (which the API treats as theft and ends every session).
 */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(new URL('auth/refresh', apiBase()), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) return false;
      const body = (await response.json()) as { accessToken?: string };
      if (!body.accessToken) return false;
      setAccessToken(body.accessToken);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Routes whose 401 means "wrong credentials", not "session over". */
const credentialRoutes = ['/auth/login', '/auth/refresh'];

function isCredentialRoute(url: string): boolean {
  const path = new URL(url).pathname;
  return credentialRoutes.includes(path);
}

function withBearer(request: Request): Request {
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
  return request;
}

/** The API's origin: the console is served by the API itself, same origin. */
export function apiBase(): string {
  return `${window.location.origin}/`;
}

/** fetch for every API call (openapi-fetch and downloads alike). */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(withBearer(request));
  if (response.status === 401 && !isCredentialRoute(request.url)) {
    if (await refreshAccessToken()) {
      const again = await fetch(withBearer(retry));
      if (again.status !== 401) return watchForbidden(again);
    }
    endSession('expired');
    return response;
  }
  return watchForbidden(response);
}

/** A 403 PASSWORD_CHANGE_REQUIRED sends the person to the change-password screen. */
async function watchForbidden(response: Response): Promise<Response> {
  if (response.status !== 403) return response;
  try {
    const body = (await response.clone().json()) as { code?: string };
    if (body.code === 'PASSWORD_CHANGE_REQUIRED') emit({ type: 'password-change-required' });
  } catch {
    // not JSON: an ordinary 403
  }
  return response;
}
