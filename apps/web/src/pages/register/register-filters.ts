import type { paths } from '../../api/schema';

export type AgreementListQuery = NonNullable<paths['/agreements']['get']['parameters']['query']>;

/** Every filter GET /agreements takes (ListAgreementsQuery), as URL parameters. */
export const registerFilterKeys = [
  'q',
  'country',
  'area',
  'status',
  'kind',
  'leadAgency',
  'expiresFrom',
  'expiresTo',
  'signedFrom',
  'signedTo',
  'includeArchived',
  'sort',
] as const;
export type RegisterFilters = Record<(typeof registerFilterKeys)[number], string>;

/** URL text → the API's typed query (the API validates every value again). */
export function toAgreementQuery(filters: RegisterFilters): AgreementListQuery {
  const query: AgreementListQuery = {};
  for (const key of registerFilterKeys) {
    const value = filters[key];
    if (!value) continue;
    if (key === 'includeArchived') query.includeArchived = value === 'true';
    else (query as Record<string, string>)[key] = value;
  }
  return query;
}
