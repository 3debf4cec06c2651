// List filters kept in the URL (?status=…&overdue=true) so dashboard cards and shared links open a
// pre-filtered list and the back button restores it.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => {
    const values = {} as Partial<Record<K, string>>;
    for (const key of keys) {
      const value = search.get(key);
      if (value) values[key] = value;
    }
    return values;
  }, [search, keys]);

  const setFilters = useCallback(
    (next: Partial<Record<K, string | null | undefined>>) => {
      setSearch(
        (current) => {
          const params = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next) as [K, string | null | undefined][]) {
            if (value === undefined || value === null || value === '') params.delete(key);
            else params.set(key, value);
          }
          return params;
        },
        { replace: true },
      );
    },
    [setSearch],
  );

  return [filters, setFilters] as const;
}
