import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver checks a webhook delivery. Every POST carries:
 *
 * - `X-MOU-Event`: the reminder kind (expiry, notice-deadline, milestone-due, milestone-overdue);
 * - `X-MOU-Delivery`: the delivery's uuid. Retries of the same delivery reuse it, so
 *   receivers dedupe on it (a retry after a lost 2xx is normal);
 * - `X-MOU-Timestamp`: when it was signed, in unix seconds;
 * - `X-MOU-Signature`: `sha256=<hex>`, the HMAC-SHA256 under the webhook's secret of
 *   `<timestamp>.<raw body>`. Signing the timestamp with the body lets receivers refuse
 *   replays older than a few minutes.
 */
export const webhookHeaders = {
  event: 'X-MOU-Event',
  delivery: 'X-MOU-Delivery',
  timestamp: 'X-MOU-Timestamp',
  signature: 'X-MOU-Signature',
} as const;

export const SIGNATURE_PREFIX = 'sha256=';

/** Hex HMAC-SHA256 of `${timestamp}.${body}` (without the `sha256=` prefix). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * What a receiver runs: true when `signature` (with or without `sha256=`) signs this exact
 * body and timestamp and the timestamp is within `toleranceSeconds` of `now` (unix seconds).
 * Compared in constant time so the signature cannot be guessed byte by byte.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: number | string,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  now = Math.floor(Date.now() / 1000),
): boolean {
  const seconds = typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(seconds) || Math.abs(now - seconds) > toleranceSeconds) return false;
  const given = Buffer.from(
    signature.startsWith(SIGNATURE_PREFIX) ? signature.slice(SIGNATURE_PREFIX.length) : signature,
  );
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
