import type { TFunction } from 'i18next';
import { ApiRequestError } from './client';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The API's field messages are English. Those the record screens meet are matched here and
 * said in the person's language; anything else is shown as the API wrote it, after a
 * translated lead-in, so nothing the API said is lost.
 */
const patterns: Array<[RegExp, (t: TFunction, match: RegExpExecArray) => string]> = [
  [
    /is required for an agreement that is ([a-z-]+)/,
    (t, m) => t('agreementForm.errors.requiredForStatus', { status: t(`status.${m[1]}` as 'status.draft') }),
  ],
  [/must not be before signedOn/, (t) => t('agreementForm.errors.effectiveBeforeSigned')],
  [/must not be before noticeGivenOn/, (t) => t('agreementForm.errors.effectiveBeforeNotice')],
  [/must list at least two parties/, (t) => t('agreementForm.errors.twoParties')],
  [/or titleTh is required/, (t) => t('agreementForm.errors.title')],
  [/already used by another agreement/, (t) => t('agreementForm.errors.referenceTaken')],
  [/upper-case letters, digits/, (t) => t('agreementForm.errors.referenceFormat')],
  [/ISO 3166-1 alpha-2/, (t) => t('agreementForm.errors.partyCode')],
  [/is not a cooperation area/, (t) => t('agreementForm.errors.area')],
  [/names no agreement|must name another agreement/, (t) => t('agreementForm.errors.link')],
  [
    /names an agreement that is ([a-z-]+)/,
    (t, m) => t('agreementForm.errors.supersedesStatus', { status: t(`status.${m[1]}` as 'status.draft') }),
  ],
  [/only email addresses/, (t) => t('agreementForm.errors.emails')],
  [/only http\(s\) URLs/, (t) => t('agreementForm.errors.urls')],
  [/real calendar date|calendar date/, (t) => t('agreementForm.errors.date')],
  [/can be set only when status is done/, (t) => t('milestone.errors.completedOnNotDone')],
  [/cannot be cleared while status is done/, (t) => t('milestone.errors.completedOnRequired')],
  [
    /should not be empty|must not be blank|must be longer than or equal to 1 /,
    (t) => t('agreementForm.errors.required'),
  ],
  [/must not be less than (-?\d+)/, (t, m) => t('agreementForm.errors.min', { min: m[1] })],
  [/must not be greater than (-?\d+)/, (t, m) => t('agreementForm.errors.max', { max: m[1] })],
  [/must be an integer/, (t) => t('agreementForm.errors.integer')],
  [/must be a number/, (t) => t('agreementForm.errors.number')],
  [/must be shorter than or equal to (\d+)/, (t, m) => t('agreementForm.errors.tooLong', { max: m[1] })],
  [/should not contain duplicate|all array's elements must be unique/, (t) => t('agreementForm.errors.duplicates')],
];

export function translateApiMessage(t: TFunction, message: string): string {
  for (const [pattern, say] of patterns) {
    const match = pattern.exec(message);
    if (match) return say(t, match);
  }
  return t('agreementForm.errors.other', { message });
}

/** The field problems of a 400 (or a 409 DUPLICATE), translated; empty for any other error. */
export function fieldProblems(t: TFunction, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiRequestError)) return [];
  return (error.body?.errors ?? []).map((e) => ({ field: e.field, message: translateApiMessage(t, e.message) }));
}

export function isVersionConflict(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && error.status === 409 && error.body?.code === 'VERSION_CONFLICT';
}

/** The record as it stands now, which a 409 VERSION_CONFLICT carries. */
export function conflictCurrent<T>(error: ApiRequestError): T | undefined {
  return (error.body as { current?: T } | undefined)?.current;
}
