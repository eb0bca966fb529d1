import { addCalendarDays } from '@mou/domain';
import { documentsListSql } from '@mou/documents';
import { registerStatementSamples } from '@mou/database';
import { effectiveStatusSql } from '../agreements/agreement.read-model.js';
import { agreementFilters, sortKeys } from '../agreements/agreements.repository.js';
import { SqlParams } from '../common/sql-params.js';
import { deadlineItemsSql, deadlineOrder } from '../deadlines/deadlines.repository.js';
import { milestoneFrom, overdueSql } from '../milestones/milestone.read-model.js';
import { milestoneFilters } from '../milestones/milestones.repository.js';
import type { AgreementsReportQuery, DeadlinesReportQuery, MilestonesReportQuery } from './dto/report-options.query.js';

/**
 * The SELECT behind each report: its list route's filters and order, every page at once.
 * (The audit trail's is auditEventsExportStatement, beside the list it follows.) Columns
 * are named as the report's columns' fields (agreements.report.ts …).
 */
export interface ReportStatement {
  sql: string;
  params: unknown[];
}

const whereSql = (where: string[]): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** The register: GET /agreements' filters and order; parties and areas as the row keeps them in text. */
export function agreementsReportStatement(query: AgreementsReportQuery, today: string): ReportStatement {
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
     ${whereSql(where)}
     ORDER BY ${key.sql} ${direction}, a.id ${direction}`;
  return { sql, params: p.values };
}

/** GET /milestones' filters and order (due date, then id). */
export function milestonesReportStatement(query: MilestonesReportQuery, today: string): ReportStatement {
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
     ${whereSql(where)}
     ORDER BY m.due_on, m.id`;
  return { sql, params: p.values };
}

/** GET /deadlines without its limit: every date to act by from `today` up to `until`, late ones included. */
export function deadlinesReportStatement(query: DeadlinesReportQuery, today: string, until: string): ReportStatement {
  const p = new SqlParams();
  const t = `${p.add(today)}::date`;
  const u = `${p.add(until)}::date`;
  const sql = `
    SELECT d.date, d.kind, (d.date - ${t})::int AS days_left, d.date < ${t} AS overdue, d.reference,
           d.title_en, d.title_th, d.lead_agency, d.milestone_title, d.owner_agency, d.agreement_id, d.milestone_id
      FROM (${deadlineItemsSql(p, t, u, query)}) d
     ORDER BY ${deadlineOrder}`;
  return { sql, params: p.values };
}

/** Report queries that switch every filter (and each sort, each branch of a filter) on. */
const TODAY = '2026-12-04';
const ID = '00000000-0000-0000-0000-000000000000';
export const reportSampleQueries = {
  agreements: [...Object.keys(sortKeys).flatMap((key) => [key, `-${key}`])].map(
    (sort) =>
      ({
        q: 'water',
        country: 'jp',
        area: 'ENV',
        status: 'expired',
        kind: 'mou',
        leadAgency: 'MFA',
        expiresFrom: '2026-01-01',
        expiresTo: '2027-01-01',
        signedFrom: '2020-01-01',
        signedTo: '2026-01-01',
        documents: true,
        sort,
      }) as AgreementsReportQuery,
  ),
  agreementsStoredStatus: [{ status: 'draft', includeArchived: true } as AgreementsReportQuery],
  milestones: [
    {
      agreementId: ID,
      ownerAgency: 'MFA',
      area: 'ENV',
      dueFrom: '2026-01-01',
      dueTo: '2027-01-01',
      overdue: true,
      status: 'planned',
    },
    { overdue: false, status: 'overdue', includeArchived: true },
    { status: 'done' },
  ] as MilestonesReportQuery[],
  deadlines: [
    { country: 'jp', area: 'ENV', leadAgency: 'MFA', kind: 'expiry', withinDays: 30 },
    { kind: 'milestone' },
    {},
  ] as DeadlinesReportQuery[],
};

registerStatementSamples(import.meta.url, {
  ...Object.fromEntries(
    [...reportSampleQueries.agreements, ...reportSampleQueries.agreementsStoredStatus].map((query, i) => [
      `agreements ${i} ${query.sort ?? ''}`,
      () => agreementsReportStatement(query, TODAY).sql,
    ]),
  ),
  ...Object.fromEntries(
    reportSampleQueries.milestones.map((query, i) => [
      `milestones ${i}`,
      () => milestonesReportStatement(query, TODAY).sql,
    ]),
  ),
  ...Object.fromEntries(
    reportSampleQueries.deadlines.map((query, i) => [
      `deadlines ${i}`,
      () => deadlinesReportStatement(query, TODAY, addCalendarDays(TODAY, query.withinDays ?? 180)).sql,
    ]),
  ),
});
