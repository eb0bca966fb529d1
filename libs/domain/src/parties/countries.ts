import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';
import { organizations } from './organizations.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/th.json'));

export interface PartyCode {
  code: string;
  type: 'country' | 'organization';
  nameEn: string;
  nameTh: string;
}

/** Every code a party may carry: ISO 3166-1 alpha-2 countries, then organisations. */
export const partyCodes: readonly PartyCode[] = [
  ...Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((code) => ({
      code,
      type: 'country' as const,
      nameEn: countries.getName(code, 'en') ?? code,
      nameTh: countries.getName(code, 'th') ?? countries.getName(code, 'en') ?? code,
    })),
  ...organizations.map((o) => ({ ...o, type: 'organization' as const })),
];

const known = new Set(partyCodes.map((p) => p.code));

export function isPartyCode(code: unknown): code is string {
  return typeof code === 'string' && known.has(code);
}
