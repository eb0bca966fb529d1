import { DomainError } from '@mou/domain';

/**
 * Optimistic locking on top of a row lock, the same for every versioned record: the row
 * is locked for the transaction (`lock`, a SELECT … FOR UPDATE that finds it or not), the
 * caller may refuse it (`check`, e.g. the actor's agency), and a version that differs from
 * the one the client read is a 409 carrying the record as it is now (`current`, read
 * through the same transaction: a second connection could wait on this very lock).
 */
export async function lockVersioned<T extends { version: number }>(options: {
  what: string;
  id: string;
  version?: number;
  lock: () => Promise<T | null>;
  check?: (row: T) => void;
  current: () => Promise<{ version: number }>;
}): Promise<T> {
  const row = await options.lock();
  if (!row) throw DomainError.notFound(options.what, options.id);
  options.check?.(row);
  if (options.version !== undefined && row.version !== options.version) {
    throw DomainError.versionConflict(options.what, options.id, options.version, await options.current());
  }
  return row;
}
