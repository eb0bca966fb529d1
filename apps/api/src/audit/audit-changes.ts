import { canonicalJson } from '@mou/audit';

/** Bookkeeping every write touches; the audit event itself says who and when. */
export const bookkeepingFields = ['version', 'updatedAt', 'updatedBy'] as const;

export interface FieldChanges {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The fields that differ between two snapshots of a record, each side holding only those
 * fields (compared by their canonical JSON, so key order inside a value does not count).
 * A field present on one side only is shown as null on the other.
 */
export function changedFields(
  before: object,
  after: object,
  ignore: readonly string[] = bookkeepingFields,
): FieldChanges {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const result: FieldChanges = { before: {}, after: {} };
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((key) => !ignore.includes(key));
  for (const key of keys) {
    if (canonicalJson(was[key]) === canonicalJson(now[key])) continue;
    result.before[key] = was[key] ?? null;
    result.after[key] = now[key] ?? null;
  }
  return result;
}
