import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { appConfig, remindersConfig } from '@mou/config';
import { Clock } from '@mou/domain';
import { planReminders } from './reminder-planner.js';

/** planReminders with the configured policy and the office clock. */
@Injectable()
export class ReminderPlanner {
  constructor(
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** Replans the given agreements (or all, with null) inside the caller's transaction. */
  replan(manager: EntityManager, agreementIds: string[] | null) {
    return planReminders(manager, agreementIds, {
      defaults: {
        expiry: this.config.expiryDays,
        notice: this.config.noticeDays,
        milestone: this.config.milestoneDays,
        overdueEveryDays: this.config.overdueEveryDays,
      },
      hour: this.config.hour,
      timeZone: this.app.officeTimezone,
      now: this.clock.now(),
      today: this.clock.today(),
    });
  }
}
