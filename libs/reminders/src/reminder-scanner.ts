import type { DataSource } from 'typeorm';
import { claimDeliveriesToEnqueue, dispatchDueReminders, type DeliveryToEnqueue } from './reminder-dispatch.js';

export interface ScanOptions {
  batch: number;
  requeueAfterSeconds: number;
  /** The office's zone, for the in-app notifications written at dispatch. */
  timeZone: string;
}

export interface ScanResult {
  dispatched: number;
  enqueued: number;
}

/**
 * One scan: turn due reminders into delivery rows (and in-app notifications, written at
 * once) a batch at a time, and after each batch hand every pending email and webhook
 * delivery that no queue holds to `enqueue`, so the first deliveries go out while later
 * batches are still being claimed. Each step commits before the next, so a crash anywhere
 * leaves rows that the next scan picks up; nothing is lost and nothing is sent twice.
 */
export async function scanDueReminders(
  db: DataSource,
  now: Date,
  options: ScanOptions,
  enqueue: (deliveries: DeliveryToEnqueue[]) => Promise<void>,
): Promise<ScanResult> {
  const result: ScanResult = { dispatched: 0, enqueued: 0 };
  for (;;) {
    const claimed = await db.transaction((tx) =>
      dispatchDueReminders(tx, now, options.batch, { timeZone: options.timeZone }),
    );
    result.dispatched += claimed;
    for (;;) {
      const deliveries = await db.transaction((tx) =>
        claimDeliveriesToEnqueue(tx, now, options.requeueAfterSeconds, options.batch),
      );
      if (deliveries.length) await enqueue(deliveries);
      result.enqueued += deliveries.length;
      if (deliveries.length < options.batch) break;
    }
    if (claimed < options.batch) return result;
  }
}
