import { ADMIN, PASSWORD } from './seed.js';

/**
 * The API as the record specs need it beside the browser: set up a record or a user the
 * test is about, read back what the browser saved. Same instance the console talks to.
 */
export const apiUrl = (): string => process.env.MOU_API_URL ?? '';

export async function call<T = unknown>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function tokenFor(email: string, password = PASSWORD): Promise<string> {
  const { accessToken } = await call<{ accessToken: string }>('POST', '/auth/login', null, { email, password });
  return accessToken;
}

/**
 * An account of any role and agency with the known password. It is created with another
 * password and then changes it itself, so it works whether or not the API makes accounts
 * change an administrator-set password first.
 */
export async function ensureUser(user: { email: string; displayName: string; role: string; agency: string }) {
  const admin = await tokenFor(ADMIN.email, ADMIN.password).catch(() => tokenFor(ADMIN.email, PASSWORD));
  const existing = await tokenFor(user.email).catch(() => null);
  if (existing) return;
  const temporary = 'temporary password 12345';
  await call('POST', '/users', admin, { ...user, password: temporary });
  const first = await tokenFor(user.email, temporary);
  await call('POST', '/auth/password', first, { currentPassword: temporary, newPassword: PASSWORD });
}

export interface AgreementJson {
  id: string;
  reference: string;
  version: number;
  titleEn: string | null;
  noticeDays: number;
  expiresOn: string | null;
  noticeDeadline: string | null;
  areas: string[];
  parties: Array<{ country: string; organization: string }>;
  [key: string]: unknown;
}
