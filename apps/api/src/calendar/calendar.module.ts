import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

/** Secret iCalendar feeds of the deadlines; AuditService comes from the global AuditModule. */
@Module({
  imports: [DeadlinesModule],
  controllers: [CalendarController],
  providers: [CalendarFeedsService, CalendarFeedsRepository],
})
export class CalendarModule {}
