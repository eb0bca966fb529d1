import type { AgreementFieldsDto } from './dto/agreement-fields.dto.js';

/** API field → column, for the fields a PATCH may write (the import writes the same, and more). */
export const agreementWritableColumns: Record<keyof Omit<AgreementFieldsDto, 'areas'>, string> = {
  reference: 'reference',
  titleEn: 'title_en',
  titleTh: 'title_th',
  kind: 'kind',
  binding: 'binding',
  parties: 'parties',
  leadAgency: 'lead_agency',
  summary: 'summary',
  cabinetApprovedOn: 'cabinet_approved_on',
  cabinetResolutionRef: 'cabinet_resolution_ref',
  signedOn: 'signed_on',
  signedPlace: 'signed_place',
  effectiveOn: 'effective_on',
  termMonths: 'term_months',
  renewal: 'renewal',
  noticeDays: 'notice_days',
  contacts: 'contacts',
  sourceUrls: 'source_urls',
  tags: 'tags',
  reminderPolicy: 'reminder_policy',
  amendsId: 'amends_id',
  supersedesId: 'supersedes_id',
};
