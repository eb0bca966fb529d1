import type { Queryable } from '@mou/database';
import { loadAppConfig } from '@mou/config';
import { FixedClock } from '@mou/domain';
import {
  type DeliveryContext,
  type ReminderMessage,
  type ReminderMessageRow,
  notificationValues,
  toDeliveryContext,
} from './channels/delivery-context.js';
import { type DeliveryToEnqueue, ReminderDeliveryRepository } from './reminder-delivery.repository.js';
import { renderReminderMessage } from './reminder-message.js';
import { ReminderRepository } from './reminder.repository.js';

export type { DeliveryToEnqueue } from './reminder-delivery.repository.js';

const reminders = new ReminderRepository();
const deliveries = new ReminderDeliveryRepository();

export interface DispatchOptions {
  /** The office's zone: a notification counts its days left from the office's date at `now`. Default OFFICE_TIMEZONE. */
  timeZone?: string;
  /** Words of an in-app notification; the product's own unless a test swaps them. */
  render?: (context: DeliveryContext) => ReminderMessage;
}

/** An in-app delivery the claim wrote as sent, with what its notification says. */
type InAppRow = ReminderMessageRow & { delivery_id: string };

/**
 * Claims due reminders (FOR UPDATE SKIP LOCKED, so several workers never take the same
 * row) and writes one delivery row per channel and recipient. The unique delivery row is
 * the once-only guard: however often this runs, a recipient gets one delivery per reminder.
 *
 * In-app deliveries need no queue: the claim writes them already sent, and their
 * notifications follow in one more statement of the same transaction, so the claim, the
 * "sent" mark and the notification commit together or not at all. A reminder whose
 * deliveries are then all settled (in-app only) is settled here too. Only email and
 * webhook deliveries are left pending, for the queue.
 */
export async function dispatchDueReminders(
  manager: Queryable,
  now: Date,
  batch: number,
  options: DispatchOptions = {},
): Promise<number> {
  const { dispatched, in_app: inApp, reminders: claimed } = await reminders.claimDue(manager, now, batch);
  if (inApp && claimed) {
    const written = claimed.flatMap((row) =>
      inApp[row.reminder_id] ? [{ ...row, delivery_id: inApp[row.reminder_id] }] : [],
    );
    await writeNotifications(manager, written, now, options);
  }
  return dispatched;
}

/**
 * The notifications of the in-app deliveries a claim wrote, rendered here and inserted in
 * one statement. A message that cannot be rendered (a broken row) must not hold the whole
 * batch back: its delivery is marked failed instead, and its reminder with it when that
 * was its last delivery; a retry (POST /reminders/:id/retry) hands it to the queue.
 */
async function writeNotifications(
  manager: Queryable,
  rows: InAppRow[],
  now: Date,
  options: DispatchOptions,
): Promise<void> {
  const today = new FixedClock(now, options.timeZone ?? loadAppConfig().officeTimezone).today();
  const render = options.render ?? renderReminderMessage;
  const notifications: unknown[][] = [];
  const failed: { ids: string[]; errors: string[] } = { ids: [], errors: [] };
  for (const row of rows) {
    const context = toDeliveryContext(
      row,
      { deliveryId: row.delivery_id, channel: 'in-app', recipient: 'office', webhook: null },
      today,
    );
    let message: ReminderMessage;
    try {
      message = render(context);
    } catch (error) {
      failed.ids.push(row.delivery_id);
      failed.errors.push((error as Error).message?.slice(0, 1000) ?? String(error));
      continue;
    }
    notifications.push([row.delivery_id, row.reminder_id, ...notificationValues(row, message)]);
  }
  if (notifications.length) await deliveries.insertNotifications(manager, notifications);
  if (failed.ids.length) await deliveries.failUnrendered(manager, failed.ids, failed.errors);
}

/**
 * Pending deliveries that no queue holds, or that were handed over longer ago than
 * `requeueAfterSeconds`, marked as handed over now (see
 * ReminderDeliveryRepository.claimToEnqueue). The caller enqueues them under
 * deterministic job ids, so a duplicate is a no-op.
 */
export async function claimDeliveriesToEnqueue(
  manager: Queryable,
  now: Date,
  requeueAfterSeconds: number,
  batch: number,
): Promise<DeliveryToEnqueue[]> {
  return deliveries.claimToEnqueue(manager, now, requeueAfterSeconds, batch);
}

/** After Redis lost its data, every pending delivery must be handed over again at once. */
export async function forgetEnqueued(manager: Queryable): Promise<number> {
  return deliveries.forgetEnqueued(manager);
}
