import type { DeadlineRow } from './deadlines.repository.js';
import type { DeadlineItem } from './dto/deadline.response.js';

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
