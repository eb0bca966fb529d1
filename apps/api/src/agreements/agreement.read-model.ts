import { recordStamps } from '../common/record-stamps.js';
import type { AgreementRow } from '@mou/database';
import type { Party } from '@mou/domain';
import type { MatchedDocumentRow } from '@mou/documents';
import type { AgreementLink, AgreementResponse } from './dto/agreement.response.js';

/** The current term's first day: a renewal moves it on; NULL means entry into force. */
export const termStartSql = `coalesce(a.term_started_on, a.effective_on)`;

/** A manager decided to let the current term expire or to terminate: no automatic roll-over. */
export const stoppingDecisionSql = `(a.decision IN ('let-expire', 'terminate') AND a.decision_term_starts_on = ${termStartSql})`;

/** Renews by itself when its last day passes (the worker's nightly roll-over moves it on). */
export const rollsOverSql = `(a.renewal = 'automatic' AND NOT coalesce(${stoppingDecisionSql}, false))`;

/**
 * The status a reader sees, in SQL: mirrors effectiveStatus() in the domain library.
 * `$today` is the office's date from the injected clock, never the database's. A
 * termination reads from its effective day on; an automatic renewal past its last day
 * still reads in force until the nightly roll-over starts its next term.
 */
export const effectiveStatusSql = (today: string) =>
  `CASE WHEN a.status IN ('in-force', 'signed') AND a.terminates_on <= ${today} THEN 'terminated'
        WHEN a.status = 'in-force' AND a.expires_on < ${today} AND NOT ${rollsOverSql} THEN 'expired'
        ELSE a.status END`;

/** An AgreementLink of the agreement `l`. */
const linkJson = `json_build_object('id', l.id, 'reference', l.reference, 'titleEn', l.title_en,
  'titleTh', l.title_th, 'effectiveOn', l.effective_on)`;
/** The linked agreement, or null. */
const linkSql = (column: string) => `(SELECT ${linkJson} FROM agreement l WHERE l.id = a.${column})`;
/** The agreements linking here through `column`, oldest first. */
const backLinksSql = (column: string) =>
  `coalesce((SELECT json_agg(${linkJson} ORDER BY l.created_at, l.id)
               FROM agreement l WHERE l.${column} = a.id), '[]'::json)`;

/** Columns of one agreement as the API shows it; areas come along in the same query. */
export const agreementColumns = (today: string) => `
  a.id, a.reference, a.title_en, a.title_th, a.kind, a.binding, a.parties, a.lead_agency,
  a.summary, a.cabinet_approved_on, a.cabinet_resolution_ref, a.signed_on, a.signed_place,
  a.effective_on, a.term_months, a.renewal, a.notice_days, a.expires_on, a.notice_deadline,
  a.contacts, a.source_urls, a.tags, a.reminder_policy, ${effectiveStatusSql(today)} AS status, a.version,
  a.archived_at, a.created_at, a.created_by, a.updated_at, a.updated_by,
  ${termStartSql} AS term_starts_on, a.decision, a.decision_note, a.decided_at, a.decided_by,
  a.decision_term_starts_on, a.termination_notice_on, a.terminates_on,
  ${linkSql('amends_id')} AS amends, ${linkSql('supersedes_id')} AS supersedes,
  ${backLinksSql('amends_id')} AS amended_by, ${backLinksSql('supersedes_id')} AS superseded_by,
  ARRAY(SELECT aa.area_code FROM agreement_area aa WHERE aa.agreement_id = a.id ORDER BY aa.area_code) AS areas`;

/** The columns agreementColumns() reads; `status` is the status as read (effectiveStatusSql). */
export type AgreementReadRow = Pick<
  AgreementRow,
  | 'id'
  | 'reference'
  | 'title_en'
  | 'title_th'
  | 'kind'
  | 'binding'
  | 'lead_agency'
  | 'summary'
  | 'cabinet_approved_on'
  | 'cabinet_resolution_ref'
  | 'signed_on'
  | 'signed_place'
  | 'effective_on'
  | 'term_months'
  | 'renewal'
  | 'notice_days'
  | 'expires_on'
  | 'notice_deadline'
  | 'contacts'
  | 'source_urls'
  | 'tags'
  | 'status'
  | 'version'
  | 'archived_at'
  | 'created_at'
  | 'created_by'
  | 'updated_at'
  | 'updated_by'
  | 'decision'
  | 'decision_note'
  | 'decided_at'
  | 'decided_by'
  | 'decision_term_starts_on'
  | 'termination_notice_on'
  | 'terminates_on'
> & {
  /** jsonb columns, as the API writes them. */
  parties: Party[];
  reminder_policy: Record<string, unknown> | null;
  areas: string[];
  term_starts_on: string | null;
  amends: AgreementLink | null;
  supersedes: AgreementLink | null;
  amended_by: AgreementLink[];
  superseded_by: AgreementLink[];
  /** Only when the list was searched (q). */
  matched_documents?: MatchedDocumentRow[];
};

export function toAgreementResponse(row: AgreementReadRow): AgreementResponse {
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
    ...recordStamps(row),
    termStartsOn: row.term_starts_on,
    // A decision is about one term: once that term is over (renewed, rolled), it no longer shows.
    decision:
      row.decision && row.decision_term_starts_on === row.term_starts_on
        ? {
            decision: row.decision,
            note: row.decision_note,
            decidedAt: row.decided_at?.toISOString() ?? null,
            decidedBy: row.decided_by,
            termStartsOn: row.decision_term_starts_on,
          }
        : null,
    terminationNoticeOn: row.termination_notice_on,
    terminatesOn: row.terminates_on,
    amends: row.amends,
    supersedes: row.supersedes,
    amendedBy: row.amended_by,
    supersededBy: row.superseded_by,
    ...(row.matched_documents && {
      matchedDocuments: row.matched_documents.map((m) => ({
        id: m.id,
        milestoneId: m.milestone_id,
        type: m.type,
        language: m.language,
        versionNumber: m.version_number,
        filename: m.filename,
        snippet: m.snippet,
      })),
    }),
  };
}
