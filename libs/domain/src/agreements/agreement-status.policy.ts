import { type CalendarDate } from '../calendar/calendar-date.js';
import { type AgreementStatus } from './agreement.vocabulary.js';

/** Where each status may go next. Terminal statuses go nowhere. */
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

export function canTransition(from: AgreementStatus, to: AgreementStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** What besides the stored status and last day decides the status a reader sees. */
export interface StatusFacts {
  /** First day no longer in force after a termination by notice. */
  terminatesOn?: CalendarDate | null;
  /** Renews by itself past its last day (automatic renewal, no stopping decision for the term). */
  rollsOver?: boolean;
}

/**
 * The status a reader sees: an in-force (or signed) agreement reads terminated from the
 * day its termination takes effect; an in-force agreement whose last day has passed reads
 * as expired without anyone touching it, unless it renews automatically (the nightly
 * roll-over moves it into its next term). Mirrors effectiveStatusSql in the registry queries.
 */
export function effectiveStatus(
  status: AgreementStatus,
  expiresOn: CalendarDate | null,
  today: CalendarDate,
  facts: StatusFacts = {},
): AgreementStatus {
  if ((status === 'in-force' || status === 'signed') && facts.terminatesOn && facts.terminatesOn <= today) {
    return 'terminated';
  }
  if (status === 'in-force' && expiresOn !== null && expiresOn < today && !facts.rollsOver) return 'expired';
  return status;
}

export interface StageDates {
  cabinetApprovedOn?: CalendarDate | null;
  signedOn?: CalendarDate | null;
  effectiveOn?: CalendarDate | null;
}

type DateField = keyof StageDates;

/** Dates a record must carry to stand at each status. */
export const requiredDates: Record<AgreementStatus, readonly DateField[]> = {
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

export interface FieldProblem {
  field: string;
  message: string;
}

/** Problems with a record's dates for the status it stands at; empty when it is sound. */
export function stageDateProblems(status: AgreementStatus, dates: StageDates): FieldProblem[] {
  const problems: FieldProblem[] = requiredDates[status]
    .filter((field) => !dates[field])
    .map((field) => ({ field, message: `is required for an agreement that is ${status}` }));
  if (dates.signedOn && dates.effectiveOn && dates.effectiveOn < dates.signedOn) {
    problems.push({
      field: 'effectiveOn',
      message: `must not be before signedOn (${dates.signedOn}): an agreement cannot enter into force before it is signed`,
    });
  }
  return problems;
}
