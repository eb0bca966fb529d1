import { createHash } from 'node:crypto';

/**
 * The audit trail's hash chain, as pure functions: the service uses them to append an
 * event and the verifier to re-check one, so both sides hash exactly the same bytes.
 *
 *   hash = lowercase hex SHA-256 of UTF-8 ( prevHash + canonicalJson(fields) )
 *
 * where prevHash is the previous event's hash (64 zeros for the first event) and
 * `fields` is an AuditHashFields object. Every field is always present; an absent value
 * is null. `seq` and `prev_hash`/`hash` themselves are not in `fields`: the order is
 * carried by the link to the previous hash.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** Exactly what is hashed of one event, each value as it reads back from PostgreSQL. */
export interface AuditHashFields {
  /** The event's uuid, lower case. */
  id: string;
  /** occurred_at as Date.toISOString(): UTC, milliseconds, e.g. 2026-11-26T02:00:00.000Z. */
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** JSON values (as jsonb hands them back), or null. */
  before: unknown;
  after: unknown;
  metadata: unknown;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
}

/** The field names above, in the order the canonical form writes them (sorted). */
export const hashedFields = [
  'action',
  'actorEmail',
  'actorId',
  'actorRole',
  'after',
  'before',
  'clientIp',
  'entityId',
  'entityType',
  'id',
  'metadata',
  'occurredAt',
  'requestId',
  'userAgent',
] as const satisfies ReadonlyArray<keyof AuditHashFields>;

/**
 * Canonical JSON (the scheme of RFC 8785): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers written as JSON.stringify writes them. Like
 * JSON.stringify, toJSON() is honoured, undefined/function/symbol members are left out
 * of objects and become null in arrays, and non-finite numbers become null. Key order
 * of the input never matters, and jsonb (which reorders keys) gives back the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form');
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (isOmitted(item) ? 'null' : canonicalJson(item))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => !isOmitted(record[key]))
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    default:
      return 'null';
  }
}

/**
 * canonicalJson(toJsonValue(value)) in one pass and without the copy: the canonical text of
 * a value as it will read back from a jsonb column. For bulk appends (an import's tens of
 * thousands of events), where stringifying, re-parsing and copying each value was most of
 * the allocation.
 */
export function canonicalStoredJson(value: unknown): string {
  const json = jsonOf(value);
  switch (typeof json) {
    case 'string':
      return JSON.stringify(toStoredText(json));
    case 'number':
      return Number.isFinite(json) ? JSON.stringify(json) : 'null';
    case 'boolean':
      return json ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form');
    case 'object': {
      if (json === null) return 'null';
      if (Array.isArray(json)) {
        let out = '[';
        for (let i = 0; i < json.length; i++) out += `${i ? ',' : ''}${canonicalStoredJson(json[i])}`;
        return `${out}]`;
      }
      // As JSON.parse then Object.fromEntries would: keys as stored, a later duplicate wins.
      const stored = new Map<string, unknown>();
      for (const key of Object.keys(json)) {
        const item = jsonOf((json as Record<string, unknown>)[key]);
        if (!isOmitted(item)) stored.set(toStoredText(key), item);
      }
      let out = '{';
      for (const key of [...stored.keys()].sort()) {
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalStoredJson(stored.get(key))}`;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/** A value as JSON.stringify takes it: through its toJSON(), if it has one. */
function jsonOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON: () => unknown }).toJSON()
    : value;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Text as PostgreSQL stores it: a lone UTF-16 surrogate has no UTF-8 form, so the driver
 * sends U+FFFD in its place (and jsonb refuses its \u escape outright). Replacing it here,
 * as the driver would, makes what is hashed what is stored.
 */
export function toStoredText(text: string): string;
export function toStoredText(text: string | null): string | null;
export function toStoredText(text: string | null): string | null {
  return text === null ? null : text.replace(/\p{Cs}/gu, '\ufffd');
}

/**
 * A value as it will read back from a jsonb column: Dates become ISO strings, undefined
 * members vanish, an absent value is SQL NULL (null), and keys and strings are text as
 * stored (toStoredText). Store and hash this, never the raw input, so what was hashed is
 * exactly what verification reads.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  return JSON.parse(text, (_key, inner: unknown) => {
    if (typeof inner === 'string') return toStoredText(inner);
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).map(([key, item]) => [toStoredText(key), item]));
  }) as unknown;
}

/** The canonical text of an event's fields: every hashed field, absent ones as null. */
export function canonicalEvent(fields: AuditHashFields): string {
  return canonicalJson(Object.fromEntries(hashedFields.map((name) => [name, fields[name] ?? null])));
}

export function auditHash(prevHash: string, fields: AuditHashFields): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalEvent(fields), 'utf8').digest('hex');
}
