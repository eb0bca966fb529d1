export const agreementKinds = [
  'mou',
  'moc',
  'agreement',
  'letter-of-intent',
  'exchange-of-notes',
  'protocol',
  'amendment',
  'other',
] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export const agreementStatuses = [
  'draft',
  'negotiating',
  'awaiting-approval',
  'approved',
  'signed',
  'in-force',
  'expired',
  'terminated',
  'superseded',
] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

export const renewalModes = ['none', 'automatic', 'by-consent'] as const;
export type RenewalMode = (typeof renewalModes)[number];

/** Reference prefixes, as treaty offices abbreviate each kind (MOU-2017-0001). */
export const referencePrefix: Record<AgreementKind, string> = {
  mou: 'MOU',
  moc: 'MOC',
  agreement: 'AGR',
  'letter-of-intent': 'LOI',
  'exchange-of-notes': 'EON',
  protocol: 'PRT',
  amendment: 'AMD',
  other: 'OTH',
};

/** A manager's decision about an agreement's current term. */
export const agreementDecisions = ['renew', 'let-expire', 'terminate'] as const;
export type AgreementDecisionKind = (typeof agreementDecisions)[number];

/** How a term came about: the first one, a renewal for a further term, or an extension. */
export const termOrigins = ['original', 'renewal', 'extension'] as const;
export type TermOrigin = (typeof termOrigins)[number];

/** One party to an agreement, as the `parties` jsonb column keeps it. */
export interface Party {
  country: string;
  organization: string;
  signatory?: string | null;
  signatoryTitle?: string | null;
}
