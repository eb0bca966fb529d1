import { Injectable } from '@nestjs/common';
import { partyCodes, type PartyCode } from '@mou/domain';

export const partyTypes = ['country', 'organization'] as const;
export type PartyType = (typeof partyTypes)[number];

/**
 * Folds text for matching: lower case, and Latin accents dropped so "cote" finds
 * "Côte d'Ivoire". Only U+0300–U+036F is stripped: Thai vowels and tone marks are
 * combining characters too, and dropping them would make distinct Thai names match.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('en');
}

/** Folded once at startup: the list is a few hundred fixed entries, so filtering in memory is enough. */
const searchable = partyCodes.map((party) => ({
  party,
  text: [party.code, party.nameEn, party.nameTh].map(foldForSearch),
}));

@Injectable()
export class CountriesQuery {
  list(filter: { type?: PartyType; q?: string }): PartyCode[] {
    const q = filter.q === undefined ? undefined : foldForSearch(filter.q.trim());
    return searchable
      .filter(({ party }) => !filter.type || party.type === filter.type)
      .filter(({ text }) => !q || text.some((t) => t.includes(q)))
      .map(({ party }) => party);
  }
}
