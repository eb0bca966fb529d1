import { Injectable } from '@nestjs/common';
import { addCalendarDays, Clock } from '@mou/domain';
import { toDeadlineItem } from './deadline.read-model.js';
import { DeadlinesRepository } from './deadlines.repository.js';
import { DeadlineList } from './dto/deadline.response.js';
import { ListDeadlinesQuery } from './dto/list-deadlines.query.js';

@Injectable()
export class DeadlinesService {
  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly clock: Clock,
  ) {}

  /** Every date someone must act by, soonest first, in one statement with its total. */
  async list(query: ListDeadlinesQuery): Promise<DeadlineList> {
    const withinDays = query.withinDays ?? 180;
    const limit = query.limit ?? 200;
    const today = this.clock.today();
    const until = addCalendarDays(today, withinDays);
    const rows = await this.deadlines.page(today, until, query, limit);
    return { items: rows.map(toDeadlineItem), total: rows[0]?.total ?? 0, withinDays, today, until };
  }
}
