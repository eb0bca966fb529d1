import { DomainError } from '@mou/domain';

/**
 * Keyset cursors: the last row's sort key and id, opaque to clients. The sort is part of
 * the cursor so a cursor from one ordering cannot be replayed against another.
 */
export interface Cursor {
  sort: string;
  key: string | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string, sort: string): Cursor {
  try {
    const [cursorSort, key, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (
      cursorSort === sort &&
      (typeof key === 'string' || key === null) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { sort, key, id };
    }
  } catch {
    // fall through to the one error below
  }
  throw DomainError.invalid([{ field: 'cursor', message: 'is not a cursor this list gave out (for this sort)' }]);
}
