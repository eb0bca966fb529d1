import type { AgreementKind, AgreementStatus, MilestoneStatus, RenewalMode } from '@mou/domain';
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

export const agreementKindLabels: Labels<AgreementKind> = {
  mou: { en: 'Memorandum of understanding', th: 'บันทึกความเข้าใจ' },
  moc: { en: 'Memorandum of cooperation', th: 'บันทึกความร่วมมือ' },
  agreement: { en: 'Agreement', th: 'ความตกลง' },
  'letter-of-intent': { en: 'Letter of intent', th: 'หนังสือแสดงเจตจำนง' },
  'exchange-of-notes': { en: 'Exchange of notes', th: 'หนังสือแลกเปลี่ยน' },
  protocol: { en: 'Protocol', th: 'พิธีสาร' },
  amendment: { en: 'Amendment', th: 'ฉบับแก้ไข' },
  other: { en: 'Other', th: 'อื่น ๆ' },
};

export const milestoneStatusLabels: Labels<MilestoneStatus> = {
  planned: { en: 'Planned', th: 'วางแผนไว้' },
  'in-progress': { en: 'In progress', th: 'กำลังดำเนินการ' },
  done: { en: 'Done', th: 'เสร็จแล้ว' },
  cancelled: { en: 'Cancelled', th: 'ยกเลิก' },
};

export const renewalLabels: Labels<RenewalMode> = {
  none: { en: 'None', th: 'ไม่ต่ออายุ' },
  automatic: { en: 'Automatic (unless a party gives notice)', th: 'อัตโนมัติ (เว้นแต่มีการแจ้งบอกเลิก)' },
  'by-consent': { en: 'By mutual consent', th: 'โดยความยินยอมของทั้งสองฝ่าย' },
};

/** A coded value in the person's language; a value without a label (or not a code) as it is. */
export function labelOf(labels: Labels<string>, value: unknown, locale: ImportLocale): string {
  const found = typeof value === 'string' && Object.hasOwn(labels, value) ? labels[value] : undefined;
  return found ? found[locale] : String(value ?? '');
}
