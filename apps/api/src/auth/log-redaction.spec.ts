import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { redactedLogPaths, redactFeedToken } from './log-redaction.js';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out };
}

describe('log redaction', () => {
  it('keeps credentials out of request logs and logged objects', () => {
    const { stream, text } = capture();
    const logger = pino({ redact: redactedLogPaths }, stream);
    logger.info(
      {
        req: {
          method: 'POST',
          url: '/auth/login',
          headers: { authorization: 'Bearer eyJhbGciOi.secret.token', cookie: 'sid=secret-cookie', host: 'x' },
          body: { email: 'a@b.go.th', password: 'hunter2-password', refreshToken: 'secret-refresh' },
        },
        res: { body: { accessToken: 'secret-access', refreshToken: 'secret-refresh-2' } },
        dto: { currentPassword: 'old-secret', newPassword: 'new-secret' },
      },
      'request',
    );
    const line = text();
    for (const secret of [
      'eyJhbGciOi',
      'secret-cookie',
      'hunter2-password',
      'secret-refresh',
      'secret-access',
      'old-secret',
      'new-secret',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[Redacted]');
    expect(line).toContain('a@b.go.th');
    expect(line).toContain('/auth/login');
  });
});

describe('redactFeedToken', () => {
  it('hides the token of a calendar feed URL and leaves other paths alone', () => {
    expect(redactFeedToken('/calendar/abcDEF_123-x.ics?x=1')).toBe('/calendar/[redacted].ics?x=1');
    expect(redactFeedToken('/calendar/feeds')).toBe('/calendar/feeds');
    expect(redactFeedToken(undefined)).toBeUndefined();
  });
});
