import { useQuery } from '@tanstack/react-query';
import { useLocalized } from '../auth/auth-context';
import { api, unwrap } from './client';

/** Countries and organisations with both names; they change with a release, not a day. */
export function useCountries() {
  const localized = useLocalized();
  const query = useQuery({
    queryKey: ['countries'],
    queryFn: async () => unwrap(await api.GET('/countries')),
    staleTime: Infinity,
  });
  const byCode = new Map((query.data ?? []).map((c) => [c.code, c]));
  const name = (code: string) => {
    const found = byCode.get(code);
    return found ? localized(found.nameEn, found.nameTh) : code;
  };
  const options = (query.data ?? []).map((c) => ({ value: c.code, label: localized(c.nameEn, c.nameTh) }));
  return { name, options };
}

export function useCooperationAreas() {
  const localized = useLocalized();
  const query = useQuery({
    queryKey: ['cooperation-areas'],
    queryFn: async () => unwrap(await api.GET('/cooperation-areas')),
    staleTime: 10 * 60_000,
  });
  return (query.data ?? []).map((a) => ({ value: a.code, label: localized(a.labelEn, a.labelTh) }));
}
