/** PostgreSQL error codes this product reacts to. */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
} as const;

export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

export function pgError(error: unknown): PgError {
  const e = error as PgError & { driverError?: PgError };
  return e?.driverError ?? e ?? {};
}
