import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addCalendarDays, Clock, partyCodes } from '@mou/domain';
import { effectiveStatusSql } from '../agreements/agreement.read-model.js';
import { SqlParams } from '../common/sql-params.js';
import { deadlineItemsSql } from '../deadlines/deadlines.query.js';
import type { DeadlineKind } from '../deadlines/dto/deadline.response.js';
import type { DashboardResponse, InForceCounts, UpcomingDeadlines } from './dto/dashboard.response.js';

/** The look-ahead windows managers watch, in days. */
export const dashboardWindows = [30, 90, 180] as const;

const partyNames = new Map(partyCodes.map((party) => [party.code, party]));

interface InForceRow {
  total: number;
  by_country: Array<{ code: string; count: number }>;
  by_area: Array<{ code: string; label_en: string; label_th: string; count: number }>;
  by_lead_agency: Array<{ lead_agency: string; count: number }>;
}

type DeadlineCountRow = { kind: DeadlineKind; overdue: number } & Record<`within_${number}`, number>;

/**
 * What managers look at, in two set-based statements whatever the data size: the
 * agreements in force broken down three ways, and the deadline counts, read from the
 * same deadlines subquery as GET /deadlines so the two never disagree.
 */
@Injectable()
export class DashboardQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<DashboardResponse> {
    const today = this.clock.today();
    const [inForce, deadlines] = await Promise.all([this.inForce(today), this.deadlineCounts(today)]);
    return { today, inForce, ...deadlines };
  }

  private async inForce(today: string): Promise<InForceCounts> {
    const p = new SqlParams();
    const t = `${p.add(today)}::date`;
    // In force as read (effectiveStatusSql); the status test alone lets the planner use ix_agreement_status_expires.
    const [row]: InForceRow[] = await this.db.query(
      `WITH f AS (
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
            FROM (SELECT f.lead_agency, count(*)::int AS count FROM f GROUP BY 1) c) AS by_lead_agency`,
      p.values,
    );
    return {
      total: row.total,
      byCountry: row.by_country.map(({ code, count }) => ({
        code,
        nameEn: partyNames.get(code)?.nameEn ?? null,
        nameTh: partyNames.get(code)?.nameTh ?? null,
        count,
      })),
      byArea: row.by_area.map((a) => ({ code: a.code, labelEn: a.label_en, labelTh: a.label_th, count: a.count })),
      byLeadAgency: row.by_lead_agency.map((a) => ({ leadAgency: a.lead_agency, count: a.count })),
    };
  }

  private async deadlineCounts(
    today: string,
  ): Promise<Pick<DashboardResponse, 'upcoming' | 'overdueMilestones' | 'decisionsPastNoticeDeadline'>> {
    const p = new SqlParams();
    const t = `${p.add(today)}::date`;
    const untils = dashboardWindows.map((days) => addCalendarDays(today, days));
    const bounds = untils.map((until) => `${p.add(until)}::date`);
    const windows = bounds.map(
      (u, i) => `count(*) FILTER (WHERE d.date >= ${t} AND d.date <= ${u})::int AS within_${dashboardWindows[i]}`,
    );
    const rows: DeadlineCountRow[] = await this.db.query(
      `SELECT d.kind, count(*) FILTER (WHERE d.date < ${t})::int AS overdue, ${windows.join(', ')}
         FROM (${deadlineItemsSql(p, t, bounds[bounds.length - 1])}) d
        GROUP BY d.kind`,
      p.values,
    );
    const of = (kind: DeadlineKind) => rows.find((r) => r.kind === kind);
    const count = (kind: DeadlineKind, column: keyof DeadlineCountRow) => Number(of(kind)?.[column] ?? 0);

    const upcoming: UpcomingDeadlines[] = dashboardWindows.map((days, i) => {
      const column = `within_${days}` as const;
      const noticeDeadlines = count('notice-deadline', column);
      const expiries = count('expiry', column);
      const milestones = count('milestone', column);
      return {
        withinDays: days,
        until: untils[i],
        total: noticeDeadlines + expiries + milestones,
        noticeDeadlines,
        expiries,
        milestones,
      };
    });
    return {
      upcoming,
      overdueMilestones: count('milestone', 'overdue'),
      // In force as read, its notice deadline passed, and no decision recorded on the current
      // term: the deadlines subquery lists exactly those notice deadlines as late ones.
      decisionsPastNoticeDeadline: count('notice-deadline', 'overdue'),
    };
  }
}
