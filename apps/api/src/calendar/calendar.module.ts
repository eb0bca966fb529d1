import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

/** Secret iCalendar feeds of the deadlines; AuditService comes from the global AuditModule. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarFeedsService],
})
export class CalendarModule {}
