import { SqlParams } from '../common/sql-params.js';
import { milestoneFrom, overdueSql } from '../milestones/milestone.read-model.js';
import { milestoneFilters } from '../milestones/milestones.repository.js';
import type { MilestonesReportQuery } from './dto/report-options.query.js';
import { filtersOf, type ReportColumn, type ReportSource } from './report-source.js';

const columns: ReportColumn[] = [
  { field: 'due_on', heading: { en: 'Due', th: 'กำหนดเสร็จ' }, kind: 'date', pdf: 10 },
  { field: 'title', heading: { en: 'Milestone', th: 'กิจกรรม' }, kind: 'text', pdf: 22 },
  { field: 'status', heading: { en: 'Status', th: 'สถานะ' }, kind: 'text', pdf: 8 },
  { field: 'owner_agency', heading: { en: 'Owner', th: 'หน่วยงานรับผิดชอบ' }, kind: 'text', pdf: 12 },
  { field: 'area_code', heading: { en: 'Cooperation area', th: 'สาขาความร่วมมือ' }, kind: 'text' },
  { field: 'target_value', heading: { en: 'Target', th: 'เป้าหมาย' }, kind: 'number', pdf: 6 },
  { field: 'actual_value', heading: { en: 'Achieved', th: 'ผลที่ได้' }, kind: 'number', pdf: 6 },
  { field: 'unit', heading: { en: 'Unit', th: 'หน่วยนับ' }, kind: 'text' },
  { field: 'completed_on', heading: { en: 'Completed on', th: 'วันที่แล้วเสร็จ' }, kind: 'date' },
  { field: 'agreement_reference', heading: { en: 'Agreement', th: 'ความตกลง' }, kind: 'text', pdf: 9 },
  {
    field: 'agreement_title_en',
    heading: { en: 'Agreement title (English)', th: 'ชื่อความตกลง (ภาษาอังกฤษ)' },
    kind: 'text',
  },
  {
    field: 'agreement_title_th',
    heading: { en: 'Agreement title (Thai)', th: 'ชื่อความตกลง (ภาษาไทย)' },
    kind: 'text',
    pdf: 27,
  },
  { field: 'description', heading: { en: 'Description', th: 'รายละเอียด' }, kind: 'text' },
  { field: 'archived', heading: { en: 'Archived', th: 'เก็บถาวร' }, kind: 'boolean' },
  { field: 'id', heading: { en: 'ID', th: 'รหัส' }, kind: 'text' },
  { field: 'agreement_id', heading: { en: 'Agreement ID', th: 'รหัสความตกลง' }, kind: 'text' },
  { field: 'updated_at', heading: { en: 'Last changed', th: 'แก้ไขล่าสุดเมื่อ' }, kind: 'instant' },
  { field: 'updated_by', heading: { en: 'Last changed by', th: 'แก้ไขล่าสุดโดย' }, kind: 'text' },
];

/** GET /milestones' filters and order (due date, then id), every page at once. */
export function milestonesReport(query: MilestonesReportQuery, today: string): ReportSource {
  const p = new SqlParams();
  let todaySql: string | undefined;
  const todayParam = () => (todaySql ??= `${p.add(today)}::date`);
  const where = milestoneFilters(query, p, todayParam);
  const sql = `
    SELECT m.due_on, m.title, CASE WHEN ${overdueSql(todayParam())} THEN 'overdue' ELSE m.status END AS status,
           m.owner_agency, m.area_code, m.target_value::float8 AS target_value,
           m.actual_value::float8 AS actual_value, m.unit, m.completed_on, a.reference AS agreement_reference,
           a.title_en AS agreement_title_en, a.title_th AS agreement_title_th, m.description,
           m.archived_at IS NOT NULL AS archived, m.id, m.agreement_id, m.updated_at,
           m.updated_by
      FROM ${milestoneFrom}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY m.due_on, m.id`;
  return {
    name: 'milestones',
    title: { en: 'Milestones', th: 'กิจกรรมภายใต้ความตกลง' },
    columns,
    sql,
    params: p.values,
    filters: filtersOf(query),
  };
}
