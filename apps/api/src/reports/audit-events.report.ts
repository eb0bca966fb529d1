import { auditEventsExportStatement } from '../audit/audit.repository.js';
import type { AuditEventsReportQuery } from './dto/report-options.query.js';
import { filtersOf, type ReportColumn, type ReportSource } from './report-source.js';

const columns: ReportColumn[] = [
  { field: 'seq', heading: { en: 'No.', th: 'ลำดับ' }, kind: 'number', pdf: 5 },
  { field: 'occurred_at', heading: { en: 'When', th: 'เวลา' }, kind: 'instant', pdf: 14 },
  { field: 'actor_email', heading: { en: 'Who', th: 'ผู้ดำเนินการ' }, kind: 'text', pdf: 15 },
  { field: 'actor_role', heading: { en: 'Role', th: 'บทบาท' }, kind: 'text' },
  { field: 'action', heading: { en: 'Action', th: 'การดำเนินการ' }, kind: 'text', pdf: 12 },
  { field: 'entity_type', heading: { en: 'Record type', th: 'ประเภทข้อมูล' }, kind: 'text', pdf: 8 },
  { field: 'entity_id', heading: { en: 'Record', th: 'รหัสข้อมูล' }, kind: 'text', pdf: 16 },
  { field: 'before', heading: { en: 'Before', th: 'ก่อนแก้ไข' }, kind: 'text' },
  { field: 'after', heading: { en: 'After', th: 'หลังแก้ไข' }, kind: 'text' },
  { field: 'metadata', heading: { en: 'Details', th: 'รายละเอียด' }, kind: 'text', pdf: 30 },
  { field: 'request_id', heading: { en: 'Request ID', th: 'รหัสคำขอ' }, kind: 'text' },
  { field: 'client_ip', heading: { en: 'Client IP', th: 'ไอพีผู้ใช้' }, kind: 'text' },
  { field: 'id', heading: { en: 'Event ID', th: 'รหัสเหตุการณ์' }, kind: 'text' },
  { field: 'hash', heading: { en: 'Hash', th: 'ค่าแฮช' }, kind: 'text' },
];

/**
 * GET /audit-events' filters and order (newest first). JSON columns come as the text
 * PostgreSQL stores, so an auditor sees exactly what was recorded.
 */
export function auditEventsReport(query: AuditEventsReportQuery): ReportSource {
  const { sql, params } = auditEventsExportStatement(query);
  return {
    name: 'audit-events',
    title: { en: 'Audit trail', th: 'บันทึกการตรวจสอบย้อนหลัง' },
    columns,
    sql,
    params,
    filters: filtersOf(query),
  };
}
