import { useTranslation } from 'react-i18next';
import { useAreaNames, useCountryNames } from '../../api/record-options';
import { useFormatDate } from '../../auth/auth-context';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Field names as the record, its history and a conflict name them; unknown ones show as sent. */
export const recordFields = [
  'reference',
  'titleEn',
  'titleTh',
  'kind',
  'binding',
  'parties',
  'leadAgency',
  'areas',
  'summary',
  'status',
  'cabinetApprovedOn',
  'cabinetResolutionRef',
  'signedOn',
  'signedPlace',
  'effectiveOn',
  'termMonths',
  'renewal',
  'noticeDays',
  'expiresOn',
  'noticeDeadline',
  'contacts',
  'sourceUrls',
  'tags',
  'reminderPolicy',
  'amendsId',
  'supersedesId',
  'archived',
  'title',
  'description',
  'area',
  'ownerAgency',
  'dueOn',
  'targetValue',
  'actualValue',
  'unit',
  'completedOn',
  'terminatesOn',
  'terminationNoticeOn',
] as const;
export type RecordField = (typeof recordFields)[number];

export function isRecordField(field: string): field is RecordField {
  return (recordFields as readonly string[]).includes(field);
}

/**
 * A field's value for people: dates in the chosen calendar, codes as names, parties as
 * "country: organisation", lists joined; null as a dash.
 */
export function useRecordValue(): {
  label: (field: string) => string;
  value: (field: string, value: unknown) => string;
} {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const countries = useCountryNames();
  const areas = useAreaNames();

  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (typeof v === 'string' && isoDate.test(v)) return fmt(v);
    if (typeof v === 'boolean') return v ? t('history.yes') : t('history.no');
    if (field === 'status' && typeof v === 'string') return t(`status.${v}` as 'status.draft', { defaultValue: v });
    if (field === 'kind' && typeof v === 'string') return t(`kind.${v}` as 'kind.mou', { defaultValue: v });
    if (field === 'renewal' && typeof v === 'string')
      return t(`agreementForm.renewalOption.${v}` as 'agreementForm.renewalOption.none', { defaultValue: v });
    if ((field === 'areas' || field === 'area') && (Array.isArray(v) || typeof v === 'string')) {
      return ([] as unknown[])
        .concat(v)
        .map((code) => areas.name(String(code)))
        .join('; ');
    }
    if (field === 'parties' && Array.isArray(v)) {
      return v
        .map(
          (p: { country?: string; organization?: string }) =>
            `${countries.name(p.country ?? '')}: ${p.organization ?? ''}`,
        )
        .join('; ');
    }
    if (field === 'termMonths' && typeof v === 'number') {
      return v % 12 === 0 ? t('lifecycle.years', { count: v / 12 }) : t('lifecycle.months', { count: v });
    }
    if (Array.isArray(v))
      return v.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
  const label = (field: string) => (isRecordField(field) ? t(`agreement.fields.${field}`) : field);
  return { label, value };
}
