/**
 * What pino must never write: credentials in request headers, and passwords and tokens
 * wherever a body or an object carrying them is logged (one level deep, and under
 * req/res bodies explicitly).
 */
const secretFields = ['password', 'currentPassword', 'newPassword', 'refreshToken', 'accessToken', 'passwordHash'];

export const redactedLogPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...secretFields.flatMap((field) => [`req.body.${field}`, `res.body.${field}`, `*.${field}`]),
];

/** `/calendar/<token>.ics` → `/calendar/[redacted].ics`: the token alone grants the feed. */
export function redactFeedToken(url: string | undefined): string | undefined {
  return url?.replace(/^\/calendar\/[^/?]+\.ics/, '/calendar/[redacted].ics');
}
