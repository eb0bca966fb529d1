/**
 * What went wrong, in the domain's words. The API maps each code to an HTTP status in
 * one place (domain-exception.filter.ts); the worker logs the code.
 */
export const domainErrorStatus = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  DUPLICATE: 409,
  ARCHIVED: 409,
} as const;
export type DomainErrorCode = keyof typeof domainErrorStatus;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: {
      errors?: Array<{ field: string; message: string }>;
      current?: unknown;
      allowed?: readonly string[];
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} was not found`);
  }

  static invalid(errors: Array<{ field: string; message: string }>): DomainError {
    return new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
  }
}
