import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'a-webhook-secret-of-enough-length';
const body = JSON.stringify({ event: 'expiry', daysLeft: 30, title: 'บันทึกความร่วมมือ' });
const at = 1_795_658_400;

describe('webhook signatures', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
    expect(signWebhook(secret, at, body)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies with or without the sha256= prefix, and with the timestamp as header text', () => {
    const signature = signWebhook(secret, at, body);
    expect(verifyWebhookSignature(secret, at, body, signature, 300, at)).toBe(true);
    expect(verifyWebhookSignature(secret, String(at), body, `sha256=${signature}`, 300, at + 299)).toBe(true);
  });

  it('refuses another body, timestamp, secret or a truncated signature', () => {
    const signature = signWebhook(secret, at, body);
    expect(verifyWebhookSignature(secret, at, `${body} `, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, at + 1, body, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, at, body, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, at, body, signature.slice(0, 63), 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, at, body, '', 300, at)).toBe(false);
  });

  it('refuses a timestamp outside the tolerance either way (replays, skewed clocks)', () => {
    const signature = signWebhook(secret, at, body);
    expect(verifyWebhookSignature(secret, at, body, signature, 300, at + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, at, body, signature, 300, at - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, 'soon', body, signature, 300, at)).toBe(false);
  });
});
