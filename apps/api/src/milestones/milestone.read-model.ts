import { recordStamps } from '../common/record-stamps.js';
import type { AgreementRow, MilestoneRow } from '@mou/database';
import { type MilestoneReadStatus, openMilestoneStatuses } from '@mou/domain';
import type { MilestoneResponse } from './dto/milestone.response.js';

/** The open statuses as an SQL list; constants only, so nothing user-typed reaches the text. */
export const openStatusesSql = `(${openMilestoneStatuses.map((s) => `'${s}'`).join(', ')})`;

/** True when the milestone is overdue on `today`: mirrors isOverdue() in the domain library. */
export const overdueSql = (today: string) => `(m.status IN ${openStatusesSql} AND m.due_on < ${today})`;

/** Milestones with their agreement, joined so a list costs one query however long it is. */
export const milestoneFrom = 'milestone m JOIN agreement a ON a.id = m.agreement_id';

/** Columns of one milestone as the API shows it; `today` comes from the injected clock. */
export const milestoneColumns = (today: string) => `
  m.id, m.agreement_id, a.reference AS agreement_reference, a.title_en AS agreement_title_en,
  a.title_th AS agreement_title_th, a.archived_at IS NOT NULL AS agreement_archived,
  m.title, m.description, m.area_code, m.owner_agency, m.due_on,
  CASE WHEN ${overdueSql(today)} THEN 'overdue' ELSE m.status END AS status, m.status AS stored_status,
  m.target_value::float8 AS target_value, m.actual_value::float8 AS actual_value, m.unit, m.completed_on,
  m.version, m.archived_at, m.created_at, m.created_by, m.updated_at, m.updated_by`;

/** The columns milestoneColumns() reads: the milestone with its agreement's title, status as read. */
export type MilestoneReadRow = Pick<
  MilestoneRow,
  | 'id'
  | 'agreement_id'
  | 'title'
  | 'description'
  | 'area_code'
  | 'owner_agency'
  | 'due_on'
  | 'unit'
  | 'completed_on'
  | 'version'
  | 'archived_at'
  | 'created_at'
  | 'created_by'
  | 'updated_at'
  | 'updated_by'
> & {
  agreement_reference: AgreementRow['reference'];
  agreement_title_en: AgreementRow['title_en'];
  agreement_title_th: AgreementRow['title_th'];
  agreement_archived: boolean;
  status: MilestoneReadStatus;
  stored_status: MilestoneRow['status'];
  /** numeric read as float8. */
  target_value: number | null;
  actual_value: number | null;
};

export function toMilestoneResponse(row: MilestoneReadRow): MilestoneResponse {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    agreementReference: row.agreement_reference,
    agreementTitleEn: row.agreement_title_en,
    agreementTitleTh: row.agreement_title_th,
    agreementArchived: row.agreement_archived,
    title: row.title,
    description: row.description,
    area: row.area_code,
    ownerAgency: row.owner_agency,
    dueOn: row.due_on,
    status: row.status,
    storedStatus: row.stored_status,
    targetValue: row.target_value,
    actualValue: row.actual_value,
    unit: row.unit,
    completedOn: row.completed_on,
    version: row.version,
    ...recordStamps(row),
  };
}
