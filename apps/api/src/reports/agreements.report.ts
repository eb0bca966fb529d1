import { effectiveStatusSql } from '../agreements/agreement.read-model.js';
import { agreementFilters, sortKeys } from '../agreements/agreements.repository.js';
import { documentsListSql } from '@mou/documents';
import { SqlParams } from '../common/sql-params.js';
import type { AgreementsReportQuery } from './dto/report-options.query.js';
import { filtersOf, type ReportColumn, type ReportSource } from './report-source.js';

const columns: ReportColumn[] = [
  { field: 'reference', heading: { en: 'Reference', th: 'เลขที่อ้างอิง' }, kind: 'text', pdf: 9 },
  { field: 'title_en', heading: { en: 'Title (English)', th: 'ชื่อ (ภาษาอังกฤษ)' }, kind: 'text', pdf: 23 },
  { field: 'title_th', heading: { en: 'Title (Thai)', th: 'ชื่อ (ภาษาไทย)' }, kind: 'text', pdf: 23 },
  { field: 'kind', heading: { en: 'Kind', th: 'ประเภท' }, kind: 'text' },
  { field: 'status', heading: { en: 'Status', th: 'สถานะ' }, kind: 'text', pdf: 7 },
  { field: 'parties', heading: { en: 'Parties', th: 'ภาคี' }, kind: 'text', pdf: 14 },
  { field: 'lead_agency', heading: { en: 'Lead agency', th: 'หน่วยงานหลัก' }, kind: 'text' },
  { field: 'areas', heading: { en: 'Cooperation areas', th: 'สาขาความร่วมมือ' }, kind: 'text' },
  { field: 'cabinet_approved_on', heading: { en: 'Cabinet approval', th: 'วันที่คณะรัฐมนตรีอนุมัติ' }, kind: 'date' },
  { field: 'cabinet_resolution_ref', heading: { en: 'Cabinet resolution', th: 'มติคณะรัฐมนตรี' }, kind: 'text' },
  { field: 'signed_on', heading: { en: 'Signed on', th: 'วันที่ลงนาม' }, kind: 'date', pdf: 8 },
  { field: 'signed_place', heading: { en: 'Signed at', th: 'สถานที่ลงนาม' }, kind: 'text' },
  { field: 'effective_on', heading: { en: 'In force from', th: 'วันที่มีผลใช้บังคับ' }, kind: 'date' },
  { field: 'term_months', heading: { en: 'Term (months)', th: 'ระยะเวลา (เดือน)' }, kind: 'number' },
  { field: 'renewal', heading: { en: 'Renewal', th: 'การต่ออายุ' }, kind: 'text' },
  { field: 'notice_days', heading: { en: 'Notice (days)', th: 'แจ้งล่วงหน้า (วัน)' }, kind: 'number' },
  { field: 'expires_on', heading: { en: 'Last day in force', th: 'วันสิ้นสุด' }, kind: 'date', pdf: 8 },
  { field: 'notice_deadline', heading: { en: 'Notice deadline', th: 'กำหนดแจ้งล่วงหน้า' }, kind: 'date', pdf: 8 },
  { field: 'archived', heading: { en: 'Archived', th: 'เก็บถาวร' }, kind: 'boolean' },
  { field: 'id', heading: { en: 'ID', th: 'รหัส' }, kind: 'text' },
  { field: 'created_at', heading: { en: 'Created', th: 'สร้างเมื่อ' }, kind: 'instant' },
  { field: 'updated_at', heading: { en: 'Last changed', th: 'แก้ไขล่าสุดเมื่อ' }, kind: 'instant' },
  { field: 'updated_by', heading: { en: 'Last changed by', th: 'แก้ไขล่าสุดโดย' }, kind: 'text' },
];

/** Opt-in (documents=true): one probe of ix_document_agreement per row, so a plain export does not pay it. */
const documentsColumn: ReportColumn = {
  field: 'documents',
  heading: { en: 'Documents', th: 'เอกสาร' },
  kind: 'text',
  pdf: 14,
};

/** The register: GET /agreements' filters and order; parties and areas as the row keeps them in text. */
export function agreementsReport(query: AgreementsReportQuery, today: string): ReportSource {
  const p = new SqlParams();
  const where = agreementFilters(query, p, today);
  const todaySql = `${p.add(today)}::date`;
  const sort = query.sort ?? '-createdAt';
  const key = sortKeys[sort.replace(/^-/, '')];
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const sql = `
    SELECT a.reference, a.title_en, a.title_th, a.kind, ${effectiveStatusSql(todaySql)} AS status,
           a.parties_text AS parties, a.lead_agency, array_to_string(a.area_codes, ', ') AS areas,
           a.cabinet_approved_on, a.cabinet_resolution_ref, a.signed_on, a.signed_place, a.effective_on,
           a.term_months, a.renewal, a.notice_days, a.expires_on, a.notice_deadline,
           a.archived_at IS NOT NULL AS archived, a.id, a.created_at,
           a.updated_at, a.updated_by${query.documents ? `, ${documentsListSql} AS documents` : ''}
      FROM agreement a
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${key.sql} ${direction}, a.id ${direction}`;
  return {
    name: 'agreements',
    title: { en: 'Register of international agreements', th: 'ทะเบียนความตกลงระหว่างประเทศ' },
    columns: query.documents ? [...columns, documentsColumn] : columns,
    sql,
    params: p.values,
    filters: filtersOf(query),
  };
}
