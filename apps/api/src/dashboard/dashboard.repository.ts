import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type AgreementRow,
  type CooperationAreaRow,
  queryRow,
  queryRows,
  registerStatementSamples,
} from '@mou/database';
import { effectiveStatusSql } from '../agreements/agreement.read-model.js';
import { SqlParams } from '../common/sql-params.js';
import { deadlineItemsSql } from '../deadlines/deadlines.repository.js';
import type { DeadlineKind } from '../deadlines/dto/deadline.response.js';

/** The agreements in force, counted three ways. */
export interface InForceRow {
  total: number;
  by_country: Array<{ code: string; count: number }>;
  by_area: Array<Pick<CooperationAreaRow, 'code' | 'label_en' | 'label_th'> & { count: number }>;
  by_lead_agency: Array<Pick<AgreementRow, 'lead_agency'> & { count: number }>;
}

/** Per kind of deadline: how many are late, and how many fall in each window (`within_<days>`). */
export type DeadlineCountRow = { kind: DeadlineKind; overdue: number } & Record<`within_${number}`, number>;

function inForceSql(p: SqlParams, today: string): string {
  const t = `${p.add(today)}::date`;
  // In force as read (effectiveStatusSql); the status test alone lets the planner use ix_agreement_status_expires.
  return `WITH f AS (
         SELECT a.id, a.parties, a.lead_agency
           FROM agreement a
          WHERE a.archived_at IS NULL AND a.status = 'in-force' AND ${effectiveStatusSql(t)} = 'in-force'
       )
       SELECT
         (SELECT count(*)::int FROM f) AS total,
         -- A multilateral agreement counts once under each of its parties (and once only per party).
         (SELECT coalesce(json_agg(c ORDER BY c.count DESC, c.code), '[]'::json)
            FROM (SELECT party.value->>'country' AS code, count(DISTINCT f.id)::int AS count
                    FROM f CROSS JOIN LATERAL jsonb_array_elements(f.parties) AS party
                   GROUP BY 1) c) AS by_country,
         (SELECT coalesce(json_agg(c ORDER BY c.count DESC, c.code), '[]'::json)
            FROM (SELECT ca.code, ca.label_en, ca.label_th, count(*)::int AS count
                    FROM f JOIN agreement_area aa ON aa.agreement_id = f.id
                    JOIN cooperation_area ca ON ca.code = aa.area_code
                   GROUP BY ca.code) c) AS by_area,
         (SELECT coalesce(json_agg(c ORDER BY c.count DESC, c.lead_agency), '[]'::json)
            FROM (SELECT f.lead_agency, count(*)::int AS count FROM f GROUP BY 1) c) AS by_lead_agency`;
}

/** `windows` pairs each window's length in days with its last day. */
function deadlineCountsSql(
  p: SqlParams,
  today: string,
  windows: ReadonlyArray<{ days: number; until: string }>,
): string {
  const t = `${p.add(today)}::date`;
  const bounds = windows.map(({ until }) => `${p.add(until)}::date`);
  const counts = bounds.map(
    (u, i) => `count(*) FILTER (WHERE d.date >= ${t} AND d.date <= ${u})::int AS within_${windows[i].days}`,
  );
  return `SELECT d.kind, count(*) FILTER (WHERE d.date < ${t})::int AS overdue, ${counts.join(', ')}
         FROM (${deadlineItemsSql(p, t, bounds[bounds.length - 1])}) d
        GROUP BY d.kind`;
}

registerStatementSamples(import.meta.url, {
  inForce: () => inForceSql(new SqlParams(), '2022-01-10'),
  deadlineCounts: () =>
    deadlineCountsSql(new SqlParams(), '2022-01-10', [
      { days: 30, until: '2022-02-09' },
      { days: 180, until: '2022-07-09' },
    ]),
});

/**
 * The dashboard's two set-based statements, whatever the data size. The deadline counts
 * read the same deadlines subquery as GET /deadlines so the two never disagree.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async inForce(today: string): Promise<InForceRow> {
    const p = new SqlParams();
    const row = await queryRow<InForceRow>(this.db, inForceSql(p, today), p.values);
    return row!;
  }

  /** Counts per kind; a kind with no deadline in the last window and none late has no row. */
  deadlineCounts(today: string, windows: ReadonlyArray<{ days: number; until: string }>): Promise<DeadlineCountRow[]> {
    const p = new SqlParams();
    return queryRows(this.db, deadlineCountsSql(p, today, windows), p.values);
  }
}
