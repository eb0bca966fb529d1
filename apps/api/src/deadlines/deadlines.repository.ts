import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AgreementRow, type MilestoneRow, queryRows, registerStatementSamples } from '@mou/database';
import { openMilestoneStatuses } from '@mou/domain';
import { SqlParams } from '../common/sql-params.js';
import type { DeadlineKind } from './dto/deadline.response.js';
import type { ListDeadlinesQuery } from './dto/list-deadlines.query.js';

/** One deadline as read: the subquery's columns (see deadlineItemsSql) and what the list adds. */
export interface DeadlineRow {
  kind: DeadlineKind;
  date: string;
  days_left: number;
  overdue: boolean;
  agreement_id: AgreementRow['id'];
  reference: AgreementRow['reference'];
  title_en: AgreementRow['title_en'];
  title_th: AgreementRow['title_th'];
  lead_agency: AgreementRow['lead_agency'];
  milestone_id: MilestoneRow['id'] | null;
  milestone_title: MilestoneRow['title'] | null;
  owner_agency: MilestoneRow['owner_agency'];
  total: number;
}

const agreementColumns = 'a.id AS agreement_id, a.reference, a.title_en, a.title_th, a.lead_agency';
const openStatuses = openMilestoneStatuses.map((s) => `'${s}'`).join(', ');

/**
 * GET /deadlines' one statement: the page and its total. Each kind's first `limit` rows
 * come off its date index; the page is the first `limit` of those. Only the total still
 * counts every row in the window, and it sorts none.
 */
function pageSql(p: SqlParams, today: string, until: string, query: DeadlineFilters, limit: number): string {
  const t = `${p.add(today)}::date`;
  const u = `${p.add(until)}::date`;
  const branches = deadlineBranchesSql(p, t, u, query);
  const firstOfEach = branches.map((sql) => `(${sql} ORDER BY 2, 11 LIMIT ${limit})`).join(' UNION ALL ');
  return `SELECT d.*, (d.date - ${t})::int AS days_left, d.date < ${t} AS overdue,
              (${deadlineCountSql(branches, u, query)})::int AS total
         FROM (${firstOfEach}) d
        ORDER BY ${deadlineOrder}
        LIMIT ${limit}`;
}

/** Every deadline up to `until`, late ones included, in the list's order (no total). */
function upToSql(p: SqlParams, today: string, until: string): string {
  const t = `${p.add(today)}::date`;
  const u = `${p.add(until)}::date`;
  return `SELECT d.*, (d.date - ${t})::int AS days_left, d.date < ${t} AS overdue, 0 AS total
         FROM (${deadlineItemsSql(p, t, u)}) d
        ORDER BY ${deadlineOrder}`;
}

const everyFilter: DeadlineFilters = { country: 'JP', area: 'postal', leadAgency: 'MDES', kind: 'milestone' };
registerStatementSamples(import.meta.url, {
  page: () => pageSql(new SqlParams(), '2022-01-10', '2022-07-09', {}, 200),
  pageEveryFilter: () => pageSql(new SqlParams(), '2022-01-10', '2022-07-09', everyFilter, 200),
  pageAgreementKind: () => pageSql(new SqlParams(), '2022-01-10', '2022-07-09', { ...everyFilter, kind: 'expiry' }, 1),
  upTo: () => upToSql(new SqlParams(), '2022-01-10', '2024-01-10'),
});

/** Reads the deadlines: every date someone must act by, computed from agreements and milestones. */
@Injectable()
export class DeadlinesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up to `limit` deadlines to `until` soonest first, late ones included; each row carries the total. */
  page(today: string, until: string, filters: DeadlineFilters, limit: number): Promise<DeadlineRow[]> {
    const p = new SqlParams();
    return queryRows(this.db, pageSql(p, today, until, filters, limit), p.values);
  }

  /** Every deadline to `until`, late ones included, soonest first (the calendar feed's). */
  upTo(today: string, until: string): Promise<DeadlineRow[]> {
    const p = new SqlParams();
    return queryRows(this.db, upToSql(p, today, until), p.values);
  }
}

/**
 * The number of deadlines the branches give. Unfiltered, the milestones are counted
 * without reading a milestone or agreement row: every open milestone due in the window
 * (ix_milestone_open_due, index-only) less those under the few archived agreements
 * (ix_agreement_archived). A filter on the agreement needs its row, so it counts the join.
 */
function deadlineCountSql(branches: string[], until: string, query: DeadlineFilters): string {
  if (query.country || query.area || query.leadAgency || query.kind) {
    return `SELECT count(*) FROM (${branches.join(' UNION ALL ')}) every_item`;
  }
  const open = `m.status IN (${openStatuses}) AND m.archived_at IS NULL AND m.due_on <= ${until}`;
  const [notice, expiry] = branches;
  return `SELECT (SELECT count(*) FROM (${notice}) n) + (SELECT count(*) FROM (${expiry}) e)
               + (SELECT count(*) FROM milestone m WHERE ${open})
               - (SELECT count(*) FROM agreement a JOIN milestone m ON m.agreement_id = a.id
                   WHERE a.archived_at IS NOT NULL AND ${open})`;
}

/** The filters GET /deadlines takes; the dashboard and the calendar feed use none yet. */
export type DeadlineFilters = Pick<ListDeadlinesQuery, 'country' | 'area' | 'leadAgency' | 'kind'>;

/** Soonest first, then by kind, then by id: a stable order for lists and feeds alike. */
export const deadlineOrder = 'd.date, d.kind, d.item_id';

/**
 * The deadlines as a subquery (alias it `d`), one row per date someone must act by up to
 * `until`, late ones included: notice deadlines and expiries of agreements in force as
 * read (stored in force, not past their last day, not archived) and due dates of open
 * milestones that are not archived, under an agreement that is not archived.
 *
 * Columns: kind, date, agreement_id, reference, title_en, title_th, lead_agency,
 * milestone_id, milestone_title, owner_agency, item_id (the agreement's or milestone's id).
 * `today` and `until` are SQL date expressions (parameters placed in `p`); filters add
 * their own parameters. Each branch keeps the predicate of its index
 * (ix_agreement_notice_deadline, ix_agreement_status_expires, ix_milestone_open_due).
 */
export function deadlineItemsSql(p: SqlParams, today: string, until: string, query: DeadlineFilters = {}): string {
  return deadlineBranchesSql(p, today, until, query).join('\n           UNION ALL\n');
}

/** The three kinds of deadline as separate SELECTs (same columns), for callers that page each. */
export function deadlineBranchesSql(p: SqlParams, today: string, until: string, query: DeadlineFilters = {}): string[] {
  const f = filters(query, p);
  // In force as read: stored in-force, not yet past its last day, unarchived, and not
  // being terminated (its end is then the termination, not the expiry).
  const inForce = [
    'a.archived_at IS NULL',
    `a.status = 'in-force'`,
    `a.expires_on >= ${today}`,
    'a.terminates_on IS NULL',
    ...f.agreement,
  ];
  // A manager's decision on the current term settles its notice deadline.
  const undecided = 'a.decision_term_starts_on IS DISTINCT FROM coalesce(a.term_started_on, a.effective_on)';
  const openMilestone = [
    `m.status IN (${openStatuses})`,
    'm.archived_at IS NULL',
    'a.archived_at IS NULL',
    `m.due_on <= ${until}`,
    ...f.milestone,
  ];
  // A kind filter leaves the other branches constant-false: the planner skips them unread.
  const only = (kind: DeadlineKind) => (query.kind && query.kind !== kind ? ['FALSE'] : []);
  return [
    `SELECT 'notice-deadline' AS kind, a.notice_deadline AS date, ${agreementColumns},
            NULL::uuid AS milestone_id, NULL::text AS milestone_title, NULL::text AS owner_agency, a.id AS item_id
       FROM agreement a
      WHERE ${[...inForce, undecided, `a.notice_deadline <= ${until}`, ...only('notice-deadline')].join(' AND ')}`,
    `SELECT 'expiry', a.expires_on, ${agreementColumns}, NULL, NULL, NULL, a.id
       FROM agreement a
      WHERE ${[...inForce, `a.expires_on <= ${until}`, ...only('expiry')].join(' AND ')}`,
    `SELECT 'milestone', m.due_on, ${agreementColumns}, m.id, m.title, m.owner_agency, m.id
       FROM milestone m JOIN agreement a ON a.id = m.agreement_id
      WHERE ${[...openMilestone, ...only('milestone')].join(' AND ')}`,
  ];
}

/** Filters on the agreement; a milestone's own area wins over its agreement's areas. */
function filters(query: DeadlineFilters, p: SqlParams): { agreement: string[]; milestone: string[] } {
  const shared: string[] = [];
  if (query.country) shared.push(`a.parties @> ${p.add(JSON.stringify([{ country: query.country }]))}::jsonb`);
  if (query.leadAgency) shared.push(`a.lead_agency = ${p.add(query.leadAgency)}`);
  if (!query.area) return { agreement: shared, milestone: shared };
  const area = p.add(query.area);
  const covers = `EXISTS (SELECT 1 FROM agreement_area aa WHERE aa.agreement_id = a.id AND aa.area_code = ${area})`;
  return {
    agreement: [...shared, covers],
    milestone: [...shared, `(m.area_code = ${area} OR (m.area_code IS NULL AND ${covers}))`],
  };
}
