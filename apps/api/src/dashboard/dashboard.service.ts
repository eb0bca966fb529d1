import { Injectable } from '@nestjs/common';
import { addCalendarDays, Clock, partyCodes } from '@mou/domain';
import type { DeadlineKind } from '../deadlines/dto/deadline.response.js';
import { type DeadlineCountRow, DashboardRepository } from './dashboard.repository.js';
import type { DashboardResponse, InForceCounts, UpcomingDeadlines } from './dto/dashboard.response.js';

/** The look-ahead windows managers watch, in days. */
export const dashboardWindows = [30, 90, 180] as const;

const partyNames = new Map(partyCodes.map((party) => [party.code, party]));

/**
 * What managers look at, in two set-based statements whatever the data size: the
 * agreements in force broken down three ways, and the deadline counts, read from the
 * same deadlines subquery as GET /deadlines so the two never disagree.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<DashboardResponse> {
    const today = this.clock.today();
    const [inForce, deadlines] = await Promise.all([this.inForce(today), this.deadlineCounts(today)]);
    return { today, inForce, ...deadlines };
  }

  private async inForce(today: string): Promise<InForceCounts> {
    const row = await this.dashboard.inForce(today);
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
    const untils = dashboardWindows.map((days) => addCalendarDays(today, days));
    const rows = await this.dashboard.deadlineCounts(
      today,
      dashboardWindows.map((days, i) => ({ days, until: untils[i] })),
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
