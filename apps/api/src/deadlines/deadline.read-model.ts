import type { DeadlineItem, DeadlineKind } from './dto/deadline.response.js';

export interface DeadlineRow {
  kind: DeadlineKind;
  date: string;
  days_left: number;
  overdue: boolean;
  agreement_id: string;
  reference: string;
  title_en: string | null;
  title_th: string | null;
  lead_agency: string;
  milestone_id: string | null;
  milestone_title: string | null;
  owner_agency: string | null;
  total: number;
}

export function toDeadlineItem(row: DeadlineRow): DeadlineItem {
  return {
    kind: row.kind,
    date: row.date,
    daysLeft: row.days_left,
    overdue: row.overdue,
    agreementId: row.agreement_id,
    agreementReference: row.reference,
    agreementTitleEn: row.title_en,
    agreementTitleTh: row.title_th,
    leadAgency: row.lead_agency,
    milestoneId: row.milestone_id,
    milestoneTitle: row.milestone_title,
    ownerAgency: row.owner_agency,
  };
}
