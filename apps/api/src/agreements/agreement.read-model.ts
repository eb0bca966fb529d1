import type { AgreementKind, AgreementStatus, Party, RenewalMode } from '@mou/domain';
import type { AgreementResponse } from './dto/agreement.response.js';

/**
 * The status a reader sees, in SQL: mirrors effectiveStatus() in the domain library.
 * `$today` is the office's date from the injected clock, never the database's.
 */
export const effectiveStatusSql = (today: string) =>
  `CASE WHEN a.status = 'in-force' AND a.expires_on < ${today} THEN 'expired' ELSE a.status END`;

/** Columns of one agreement as the API shows it; areas come along in the same query. */
export const agreementColumns = (today: string) => `
  a.id, a.reference, a.title_en, a.title_th, a.kind, a.binding, a.parties, a.lead_agency,
  a.summary, a.cabinet_approved_on, a.cabinet_resolution_ref, a.signed_on, a.signed_place,
  a.effective_on, a.term_months, a.renewal, a.notice_days, a.expires_on, a.notice_deadline,
  a.contacts, a.source_urls, a.tags, a.reminder_policy, ${effectiveStatusSql(today)} AS status, a.version,
  a.archived_at, a.created_at, a.created_by, a.updated_at, a.updated_by,
  ARRAY(SELECT aa.area_code FROM agreement_area aa WHERE aa.agreement_id = a.id ORDER BY aa.area_code) AS areas`;

export interface AgreementRow {
  id: string;
  reference: string;
  title_en: string | null;
  title_th: string | null;
  kind: AgreementKind;
  binding: boolean;
  parties: Party[];
  lead_agency: string;
  summary: string | null;
  cabinet_approved_on: string | null;
  cabinet_resolution_ref: string | null;
  signed_on: string | null;
  signed_place: string | null;
  effective_on: string | null;
  term_months: number;
  renewal: RenewalMode;
  notice_days: number;
  expires_on: string | null;
  notice_deadline: string | null;
  contacts: string[];
  source_urls: string[];
  tags: string[];
  reminder_policy: Record<string, unknown> | null;
  status: AgreementStatus;
  version: number;
  archived_at: Date | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  areas: string[];
}

export function toAgreementResponse(row: AgreementRow): AgreementResponse {
  return {
    id: row.id,
    reference: row.reference,
    titleEn: row.title_en,
    titleTh: row.title_th,
    kind: row.kind,
    binding: row.binding,
    parties: row.parties.map((p) => ({
      country: p.country,
      organization: p.organization,
      signatory: p.signatory ?? null,
      signatoryTitle: p.signatoryTitle ?? null,
    })),
    multilateral: row.parties.length > 2,
    leadAgency: row.lead_agency,
    areas: row.areas,
    summary: row.summary,
    cabinetApprovedOn: row.cabinet_approved_on,
    cabinetResolutionRef: row.cabinet_resolution_ref,
    signedOn: row.signed_on,
    signedPlace: row.signed_place,
    effectiveOn: row.effective_on,
    termMonths: row.term_months,
    renewal: row.renewal,
    noticeDays: row.notice_days,
    expiresOn: row.expires_on,
    noticeDeadline: row.notice_deadline,
    contacts: row.contacts,
    sourceUrls: row.source_urls,
    tags: row.tags,
    reminderPolicy: row.reminder_policy,
    status: row.status,
    version: row.version,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
