// Self-contained (no imports) so test/web can hold it against the API's own table.
export type AgreementStatus =
  | 'draft'
  | 'negotiating'
  | 'awaiting-approval'
  | 'approved'
  | 'signed'
  | 'in-force'
  | 'expired'
  | 'terminated'
  | 'superseded';
export type StageDateField = 'cabinetApprovedOn' | 'signedOn' | 'effectiveOn';

/** Where each status may go next: the API's table (libs/domain agreement-status.policy). */
export const allowedTransitions: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['negotiating', 'terminated'],
  negotiating: ['awaiting-approval', 'draft', 'terminated'],
  'awaiting-approval': ['approved', 'negotiating', 'terminated'],
  approved: ['signed', 'terminated'],
  signed: ['in-force', 'terminated'],
  'in-force': ['terminated', 'superseded'],
  expired: [],
  terminated: [],
  superseded: [],
};

/** Dates a record must carry to stand at each status (the API's requiredDates). */
export const requiredDates: Record<AgreementStatus, readonly StageDateField[]> = {
  draft: [],
  negotiating: [],
  'awaiting-approval': [],
  approved: ['cabinetApprovedOn'],
  signed: ['signedOn'],
  'in-force': ['signedOn', 'effectiveOn'],
  expired: ['signedOn', 'effectiveOn'],
  terminated: [],
  superseded: ['signedOn', 'effectiveOn'],
};

/** Stages an agreement may be recorded at when it is logged (late logging allowed). */
export const creatableStatuses: readonly AgreementStatus[] = [
  'draft',
  'negotiating',
  'awaiting-approval',
  'approved',
  'signed',
  'in-force',
];

const order: readonly AgreementStatus[] = [
  'draft',
  'negotiating',
  'awaiting-approval',
  'approved',
  'signed',
  'in-force',
];

/**
 * The stage dates worth asking for at a status: those it needs, plus the earlier stages'
 * (a signed agreement usually had a cabinet approval too, though the API does not insist).
 */
export function stageDatesShown(status: AgreementStatus): { approval: boolean; signature: boolean; force: boolean } {
  const at = order.indexOf(status);
  const reached = (stage: AgreementStatus) => at < 0 || at >= order.indexOf(stage);
  return { approval: reached('approved'), signature: reached('signed'), force: reached('in-force') };
}

/** Today in the office's zone (Asia/Bangkok), as the API judges "today" and "overdue". */
export function officeToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(now);
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}
