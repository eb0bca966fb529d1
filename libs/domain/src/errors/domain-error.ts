/**
 * What went wrong, in the domain's words: every code the API answers with, and its HTTP
 * status. The API renders them in one place (domainErrorResponse in
 * apps/api/src/common/all-exceptions.filter.ts); the worker logs the code. README.md lists
 * them all (checked by apps/api/src/common/error-codes-readme.spec.ts).
 */
export const domainErrorStatus = {
  /** The request is malformed in a way no field names more precisely (a Content-Length that does not match). */
  BAD_REQUEST: 400,
  /** The body is not JSON, or is empty while its content type says JSON. */
  MALFORMED_JSON: 400,
  /** The body is larger than BODY_LIMIT_BYTES. */
  PAYLOAD_TOO_LARGE: 413,
  /** A body whose content type the route does not read. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** No valid access token (or refresh token): sign in, or refresh. */
  UNAUTHENTICATED: 401,
  /** A wrong email or password, or a deactivated account: one answer for all three. */
  INVALID_CREDENTIALS: 401,
  /** Too many failed sign-ins for the account or the client; Retry-After says how long to wait. */
  TOO_MANY_ATTEMPTS: 429,
  /** A password set by someone else must be changed before anything but /auth/* works. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** A request from another site's page may not use the console's session cookie. */
  CROSS_ORIGIN_COOKIE: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  DUPLICATE: 409,
  ARCHIVED: 409,
  /** The last active admin may not be demoted or deactivated. */
  LAST_ADMIN: 409,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  INVALID_FILE: 422,
  /** Stored bytes no longer match their recorded SHA-256: reported, never served. */
  CHECKSUM_MISMATCH: 500,
  /** A spreadsheet import: the data changed since its dry run, or its records since it was committed. */
  IMPORT_STALE: 409,
  /** A spreadsheet import cannot be committed while its dry run reports problems, or in its state. */
  IMPORT_NOT_READY: 409,
  /** Not a spreadsheet this product reads (a PDF, a legacy .xls, an image …). */
  UNSUPPORTED_FILE: 415,
  /** A password-protected workbook: its content cannot be read without the password. */
  ENCRYPTED_FILE: 422,
  /** A spreadsheet that cannot be read as one (a broken zip, a zip bomb, bad XML). */
  UNREADABLE_FILE: 422,
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
      /** Sent as the Retry-After header, not in the body. */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** A write based on a stale read: `current` lets the caller redo it on the record as it is. */
  static versionConflict(what: string, id: string, readVersion: number, current: { version: number }): DomainError {
    return new DomainError(
      'VERSION_CONFLICT',
      `${what} ${id} has changed since version ${readVersion}; it is now at version ${current.version}. Re-read it and apply your change again.`,
      { current },
    );
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} was not found`);
  }

  /** Input at fault, field by field; the message joins them unless a clearer one is given. */
  static invalid(errors: Array<{ field: string; message: string }>, message?: string): DomainError {
    return new DomainError('VALIDATION_FAILED', message ?? errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  }
}
