import type { JobsOptions } from 'bullmq';

/** Every queue this product uses. */
export enum QueueName {
  ReminderScheduler = 'reminder-scheduler',
  ReminderDelivery = 'reminder-delivery',
}

/** Every job, and (below) the one queue each runs on. Jobs carry ids; handlers re-read rows. */
export enum JobName {
  ScanDueReminders = 'scan-due-reminders',
  ReplanAllReminders = 'replan-all-reminders',
  DeliverReminder = 'deliver-reminder',
}

export const jobQueue: Record<JobName, QueueName> = {
  [JobName.ScanDueReminders]: QueueName.ReminderScheduler,
  [JobName.ReplanAllReminders]: QueueName.ReminderScheduler,
  [JobName.DeliverReminder]: QueueName.ReminderDelivery,
};

export interface JobData {
  [JobName.ScanDueReminders]: Record<string, never>;
  [JobName.ReplanAllReminders]: Record<string, never>;
  [JobName.DeliverReminder]: { deliveryId: string };
}

/**
 * The one place a job id is decided. Deterministic, so enqueueing the same delivery twice
 * while its job still exists is a no-op; BullMQ forbids ':' in custom ids. A manual retry
 * (round > 0) gets a fresh id, since the failed job it replaces is kept for inspection.
 */
export function jobId(name: JobName, id: string, round = 0): string {
  return round ? `${name}-${id}-${round}` : `${name}-${id}`;
}

/**
 * Job defaults, in one place. Completed and failed jobs are trimmed by count and age so
 * Redis never grows without bound; PostgreSQL keeps the lasting record. Delivery retries
 * come from config (REMINDER_DELIVERY_ATTEMPTS, REMINDER_BACKOFF_MS).
 */
export function defaultJobOptions(retry: { attempts: number; backoffMs: number }): Record<QueueName, JobsOptions> {
  return {
    [QueueName.ReminderScheduler]: {
      attempts: 1,
      removeOnComplete: { count: 100, age: 3600 },
      removeOnFail: { count: 500, age: 7 * 24 * 3600 },
    },
    [QueueName.ReminderDelivery]: {
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: { count: 1000, age: 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    },
  };
}

/** Scheduler ids (BullMQ job schedulers); upserting them is idempotent across workers. */
export const schedulerId = {
  scan: 'reminder-scan',
  replan: 'reminder-replan-daily',
} as const;
