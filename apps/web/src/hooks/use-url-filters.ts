import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters live in the URL (?q=…&status=…), so a view can be bookmarked, shared and
 * reloaded. Empty values are left out of the URL.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const serialized = params.toString();
  const values = useMemo(() => {
    const read = new URLSearchParams(serialized);
    return Object.fromEntries(keys.map((key) => [key, read.get(key) ?? ''])) as Record<K, string>;
  }, [keys, serialized]);

  const set = useCallback(
    (change: Partial<Record<K, string>>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(change) as Array<[K, string | undefined]>) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { values, set, clear };
}

/** The filters as API query parameters: empty ones dropped. */
export function present<T extends Record<string, string>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')) as Partial<T>;
}
