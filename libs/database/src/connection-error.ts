/** Hides the password in a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

/** True for errors that mean "the server is not there", as opposed to a bug. */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; errors?: Array<{ code?: string }> };
  if (e?.code && unreachableCodes.has(e.code)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of both attempts.
  return Array.isArray(e?.errors) && e.errors.some((inner) => !!inner.code && unreachableCodes.has(inner.code));
}

export class ServiceUnreachableError extends Error {
  constructor(service: string, url: string, cause: unknown) {
    const reason = (cause as { code?: string; message?: string })?.code ?? (cause as Error)?.message ?? 'unknown error';
    super(`Cannot reach ${service} at ${redactUrl(url)} (${reason})`);
    this.name = 'ServiceUnreachableError';
  }
}
