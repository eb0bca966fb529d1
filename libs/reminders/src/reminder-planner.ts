import type { Queryable } from '@mou/database';
import type { ReminderPolicy } from './reminder.vocabulary.js';
import { ReminderRepository } from './reminder.repository.js';

export interface PlanContext {
  defaults: ReminderPolicy;
  /** Office hour at which a day's reminders go out, in timeZone. */
  hour: number;
  timeZone: string;
  now: Date;
  /** The office's date at `now`. */
  today: string;
}

const reminders = new ReminderRepository();

/**
 * Rewrites the reminder plan of the given agreements (or of all, with `null`) in one
 * set-based pass, inside the caller's transaction: slots no longer wanted are cancelled
 * (sent ones are history and stay), new ones are added, cancelled ones wanted again
 * come back. Call it in the same transaction as any change that moves a date or a status.
 * The plan itself (every offset of every live date, timed at the office hour in the office
 * zone) is SQL, in reminder.repository.ts.
 */
export async function planReminders(
  manager: Queryable,
  agreementIds: string[] | null,
  context: PlanContext,
): Promise<{ cancelled: number; planned: number }> {
  if (agreementIds) await reminders.lockPlans(manager, agreementIds);
  return reminders.replan(manager, agreementIds, {
    expiryDays: context.defaults.expiry,
    noticeDays: context.defaults.notice,
    milestoneDays: context.defaults.milestone,
    overdueEveryDays: context.defaults.overdueEveryDays,
    hour: context.hour,
    timeZone: context.timeZone,
    now: context.now,
    today: context.today,
  });
}
