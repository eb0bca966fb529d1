import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { validateEnv } from './env.validation.js';

const dayList = /^\s*-?\d{1,4}(\s*,\s*-?\d{1,4})*\s*$/;
const dayListMessage = 'must be a comma-separated list of whole days, e.g. 30,14,7';

export class RemindersEnv {
  /** Days before expiresOn that a reminder goes out. */
  @Matches(dayList, { message: dayListMessage })
  REMINDER_EXPIRY_DAYS: string = '180,90,60,30,7,1';

  /** Days before noticeDeadline. */
  @Matches(dayList, { message: dayListMessage })
  REMINDER_NOTICE_DAYS: string = '30,14,7,1,0';

  /** Days before a milestone's dueOn. */
  @Matches(dayList, { message: dayListMessage })
  REMINDER_MILESTONE_DAYS: string = '14,3,0';

  @IsInt()
  @Min(1)
  @Max(365)
  REMINDER_OVERDUE_EVERY_DAYS: number = 7;

  /** Office hour (in OFFICE_TIMEZONE) at which a day's reminders go out. */
  @IsInt()
  @Min(0)
  @Max(23)
  REMINDER_HOUR: number = 9;

  @IsInt()
  @Min(200)
  @Max(3_600_000)
  REMINDER_SCAN_EVERY_MS: number = 15_000;

  @IsInt()
  @Min(1)
  @Max(100_000)
  REMINDER_SCAN_BATCH: number = 500;

  /** A delivery handed to the queue but not finished after this long is handed over again. */
  @IsInt()
  @Min(5)
  @Max(86_400)
  REMINDER_REQUEUE_AFTER_SECONDS: number = 120;

  @IsInt()
  @Min(1)
  @Max(500)
  REMINDER_DELIVERY_CONCURRENCY: number = 50;

  /** Tries per delivery before it is marked failed; waits double from REMINDER_BACKOFF_MS. */
  @IsInt()
  @Min(1)
  @Max(50)
  REMINDER_DELIVERY_ATTEMPTS: number = 6;

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  REMINDER_BACKOFF_MS: number = 2_000;

  /** How long a delivery job may run before BullMQ deems its worker dead and retries it. */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  REMINDER_JOB_LOCK_MS: number = 30_000;

  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  @IsString()
  MAIL_FROM: string = 'MOU Tracker <no-reply@mou-tracker.local>';

  /** Tests and closed networks may need loopback/private webhook receivers. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE: boolean = false;

  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 5_000;
}

export interface RemindersConfig {
  expiryDays: number[];
  noticeDays: number[];
  milestoneDays: number[];
  overdueEveryDays: number;
  hour: number;
  scanEveryMs: number;
  scanBatch: number;
  requeueAfterSeconds: number;
  deliveryConcurrency: number;
  jobLockMs: number;
  deliveryAttempts: number;
  backoffMs: number;
  smtpUrl: string;
  mailFrom: string;
  webhookAllowPrivate: boolean;
  webhookTimeoutMs: number;
}

const days = (list: string) => [...new Set(list.split(',').map((d) => Number(d.trim())))];

export function loadRemindersConfig(env = process.env): RemindersConfig {
  const v = validateEnv(RemindersEnv, env);
  return {
    expiryDays: days(v.REMINDER_EXPIRY_DAYS),
    noticeDays: days(v.REMINDER_NOTICE_DAYS),
    milestoneDays: days(v.REMINDER_MILESTONE_DAYS),
    overdueEveryDays: v.REMINDER_OVERDUE_EVERY_DAYS,
    hour: v.REMINDER_HOUR,
    scanEveryMs: v.REMINDER_SCAN_EVERY_MS,
    scanBatch: v.REMINDER_SCAN_BATCH,
    requeueAfterSeconds: v.REMINDER_REQUEUE_AFTER_SECONDS,
    deliveryConcurrency: v.REMINDER_DELIVERY_CONCURRENCY,
    jobLockMs: v.REMINDER_JOB_LOCK_MS,
    deliveryAttempts: v.REMINDER_DELIVERY_ATTEMPTS,
    backoffMs: v.REMINDER_BACKOFF_MS,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    webhookAllowPrivate: v.WEBHOOK_ALLOW_PRIVATE,
    webhookTimeoutMs: v.WEBHOOK_TIMEOUT_MS,
  };
}

export const remindersConfig = registerAs('reminders', () => loadRemindersConfig());
