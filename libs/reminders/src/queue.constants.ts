import type { JobsOptions } from 'bullmq';

/** Every queue this product uses. */
export enum QueueName {
  ReminderScheduler = 'reminder-scheduler',
  ReminderDelivery = 'reminder-delivery',
  DocumentExtraction = 'document-extraction',
}

/** Every job, and (below) the one queue each runs on. Jobs carry ids; handlers re-read rows. */
export enum JobName {
  ScanDueReminders = 'scan-due-reminders',
  ReplanAllReminders = 'replan-all-reminders',
  DeliverReminder = 'deliver-reminder',
  ExtractDocumentText = 'extract-document-text',
}

export const jobQueue: Record<JobName, QueueName> = {
  [JobName.ScanDueReminders]: QueueName.ReminderScheduler,
  [JobName.ReplanAllReminders]: QueueName.ReminderScheduler,
  [JobName.DeliverReminder]: QueueName.ReminderDelivery,
  [JobName.ExtractDocumentText]: QueueName.DocumentExtraction,
};

export interface JobData {
  [JobName.ScanDueReminders]: Record<string, never>;
  [JobName.ReplanAllReminders]: Record<string, never>;
  [JobName.DeliverReminder]: { deliveryId: string };
  [JobName.ExtractDocumentText]: { documentId: string; versionNumber: number };
}

/** A document version's extraction job id: one job per version (BullMQ forbids ':'). */
export function extractionJobId(documentId: string, versionNumber: number): string {
  return jobId(JobName.ExtractDocumentText, `${documentId}-v${versionNumber}`);
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
export function defaultJobOptions(
  retry: { attempts: number; backoffMs: number },
  extraction: { attempts: number; backoffMs: number } = { attempts: 3, backoffMs: 5000 },
): Record<QueueName, JobsOptions> {
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
    // Extraction retries come from DOCUMENT_EXTRACTION_ATTEMPTS / _BACKOFF_MS; PostgreSQL
    // counts the attempts too and has the last word (see DocumentsRepository.recordFailure).
    [QueueName.DocumentExtraction]: {
      attempts: extraction.attempts,
      backoff: { type: 'exponential', delay: extraction.backoffMs },
      removeOnComplete: { count: 1000, age: 3600 },
      removeOnFail: { count: 1000, age: 7 * 24 * 3600 },
    },
  };
}

/** Scheduler ids (BullMQ job schedulers); upserting them is idempotent across workers. */
export const schedulerId = {
  scan: 'reminder-scan',
  replan: 'reminder-replan-daily',
} as const;
