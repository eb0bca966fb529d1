import { addCalendarDays } from '@mou/domain';
import { SqlParams } from '../common/sql-params.js';
import { deadlineItemsSql, deadlineOrder } from '../deadlines/deadlines.repository.js';
import type { DeadlinesReportQuery } from './dto/report-options.query.js';
import { filtersOf, type ReportColumn, type ReportSource } from './report-source.js';

const columns: ReportColumn[] = [
  { field: 'date', heading: { en: 'Date', th: 'วันที่' }, kind: 'date', pdf: 10 },
  { field: 'kind', heading: { en: 'What', th: 'รายการ' }, kind: 'text', pdf: 9 },
  { field: 'days_left', heading: { en: 'Days left', th: 'จำนวนวันที่เหลือ' }, kind: 'number', pdf: 6 },
  { field: 'overdue', heading: { en: 'Overdue', th: 'เลยกำหนด' }, kind: 'boolean', pdf: 6 },
  { field: 'reference', heading: { en: 'Agreement', th: 'ความตกลง' }, kind: 'text', pdf: 9 },
  { field: 'title_en', heading: { en: 'Title (English)', th: 'ชื่อ (ภาษาอังกฤษ)' }, kind: 'text', pdf: 18 },
  { field: 'title_th', heading: { en: 'Title (Thai)', th: 'ชื่อ (ภาษาไทย)' }, kind: 'text', pdf: 18 },
  { field: 'lead_agency', heading: { en: 'Lead agency', th: 'หน่วยงานหลัก' }, kind: 'text' },
  { field: 'milestone_title', heading: { en: 'Milestone', th: 'กิจกรรม' }, kind: 'text', pdf: 14 },
  { field: 'owner_agency', heading: { en: 'Milestone owner', th: 'หน่วยงานรับผิดชอบ' }, kind: 'text', pdf: 10 },
  { field: 'agreement_id', heading: { en: 'Agreement ID', th: 'รหัสความตกลง' }, kind: 'text' },
  { field: 'milestone_id', heading: { en: 'Milestone ID', th: 'รหัสกิจกรรม' }, kind: 'text' },
];

/** GET /deadlines without its limit: every date to act by up to today + withinDays, late ones included. */
export function deadlinesReport(query: DeadlinesReportQuery, today: string): ReportSource {
  const withinDays = query.withinDays ?? 180;
  const until = addCalendarDays(today, withinDays);
  const p = new SqlParams();
  const t = `${p.add(today)}::date`;
  const u = `${p.add(until)}::date`;
  const sql = `
    SELECT d.date, d.kind, (d.date - ${t})::int AS days_left, d.date < ${t} AS overdue, d.reference,
           d.title_en, d.title_th, d.lead_agency, d.milestone_title, d.owner_agency, d.agreement_id, d.milestone_id
      FROM (${deadlineItemsSql(p, t, u, query)}) d
     ORDER BY ${deadlineOrder}`;
  return {
    name: 'deadlines',
    title: { en: 'Deadlines to act on', th: 'กำหนดเวลาที่ต้องดำเนินการ' },
    columns,
    sql,
    params: p.values,
    filters: { ...filtersOf(query), withinDays, today, until },
  };
}
