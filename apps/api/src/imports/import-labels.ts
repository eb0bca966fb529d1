import type { AgreementStatus, MilestoneStatus } from '@mou/domain';
import type { ImportLocale } from './import-messages.js';

type Labels<T extends string> = Record<T, Record<ImportLocale, string>>;

/** The register's words for each coded value, as the console shows them (apps/web i18n). */
export const agreementStatusLabels: Labels<AgreementStatus> = {
  draft: { en: 'Draft', th: 'ร่าง' },
  negotiating: { en: 'Negotiating', th: 'อยู่ระหว่างเจรจา' },
  'awaiting-approval': { en: 'Awaiting approval', th: 'รอการอนุมัติ' },
  approved: { en: 'Approved', th: 'อนุมัติแล้ว' },
  signed: { en: 'Signed', th: 'ลงนามแล้ว' },
  'in-force': { en: 'In force', th: 'มีผลบังคับใช้' },
  expired: { en: 'Expired', th: 'หมดอายุ' },
  terminated: { en: 'Terminated', th: 'ยกเลิกแล้ว' },
  superseded: { en: 'Superseded', th: 'ถูกแทนที่' },
};

export const milestoneStatusLabels: Labels<MilestoneStatus> = {
  planned: { en: 'Planned', th: 'วางแผนไว้' },
  'in-progress': { en: 'In progress', th: 'กำลังดำเนินการ' },
  done: { en: 'Done', th: 'เสร็จแล้ว' },
  cancelled: { en: 'Cancelled', th: 'ยกเลิก' },
};

/** A coded value in the person's language; a value without a label (or not a code) as it is. */
export function labelOf(labels: Labels<string>, value: unknown, locale: ImportLocale): string {
  const found = typeof value === 'string' && Object.hasOwn(labels, value) ? labels[value] : undefined;
  return found ? found[locale] : String(value ?? '');
}
