import { useQuery } from '@tanstack/react-query';
import { useLocalized } from '../auth/auth-context';
import { api, unwrap } from './client';

/**
 * Reference data as the record screens need it: each country or organisation and each
 * cooperation area by code, named in the chosen language, and as picker options that carry
 * both names (an officer may search "Japan" or "ญี่ปุ่น"). Same query keys as the lists
 * use, so the cache is shared.
 */
export function useCountryNames() {
  const localized = useLocalized();
  const query = useQuery({
    queryKey: ['countries'],
    queryFn: async () => unwrap(await api.GET('/countries')),
    staleTime: Infinity,
  });
  const byCode = new Map((query.data ?? []).map((c) => [c.code, c]));
  return {
    isPending: query.isPending,
    name: (code: string) => {
      const found = byCode.get(code);
      return found ? localized(found.nameEn, found.nameTh) : code;
    },
    /** "ญี่ปุ่น · Japan" in Thai, "Japan · ญี่ปุ่น" in English: both names are searchable. */
    bilingualOptions: (query.data ?? []).map((c) => {
      const first = localized(c.nameEn, c.nameTh);
      const second = first === c.nameEn ? c.nameTh : c.nameEn;
      return { value: c.code, label: second && second !== first ? `${first} · ${second} (${c.code})` : first };
    }),
  };
}

export function useAreaNames() {
  const localized = useLocalized();
  const query = useQuery({
    queryKey: ['cooperation-areas'],
    queryFn: async () => unwrap(await api.GET('/cooperation-areas')),
    staleTime: 10 * 60_000,
  });
  const byCode = new Map((query.data ?? []).map((a) => [a.code, a]));
  return {
    isPending: query.isPending,
    name: (code: string) => {
      const found = byCode.get(code);
      return found ? localized(found.labelEn, found.labelTh) : code;
    },
    options: (query.data ?? []).map((a) => ({ value: a.code, label: localized(a.labelEn, a.labelTh) })),
  };
}
