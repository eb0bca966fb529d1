import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { type CalendarDate } from './calendar-date.js';

/**
 * The one source of "now". Injected everywhere so tests can stand on any day, and so
 * "today" always means today in the office's zone, not the server's.
 */
export abstract class Clock {
  abstract now(): Date;

  abstract readonly timeZone: string;

  /** The office's calendar date at this instant. */
  today(): CalendarDate {
    return format(new TZDate(this.now().getTime(), this.timeZone), 'yyyy-MM-dd');
  }
}

export class SystemClock extends Clock {
  constructor(readonly timeZone: string) {
    super();
  }

  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until moved; for tests and replays. */
export class FixedClock extends Clock {
  private instant: Date;

  constructor(
    instant: Date | string,
    readonly timeZone = 'Asia/Bangkok',
  ) {
    super();
    this.instant = new Date(instant);
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
}
