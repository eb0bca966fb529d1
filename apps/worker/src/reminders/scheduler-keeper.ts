import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { appConfig, remindersConfig } from '@mou/config';
import { forgetEnqueued, JobName, QueueName, schedulerId } from '@mou/reminders';
import { ReminderQueues } from './reminder-queues.js';

/**
 * Keeps the BullMQ job schedulers in Redis. Redis here keeps nothing on disk, so a
 * restart or a FLUSHALL silently removes them (and every queued job): the keeper checks
 * every few seconds, puts the schedulers back, and has PostgreSQL hand every pending
 * delivery over again. Upserting a scheduler is idempotent, so any number of workers
 * may run this at once.
 */
@Injectable()
export class SchedulerKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerKeeper.name);
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly queues: ReminderQueues,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedulers();
    this.timer = setInterval(() => void this.ensureSchedulers(), Math.min(this.config.scanEveryMs, 5000));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async ensureSchedulers(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const queue = this.queues.queue(QueueName.ReminderScheduler);
      if (await queue.getJobScheduler(schedulerId.scan)) return;
      await queue.upsertJobScheduler(
        schedulerId.scan,
        { every: this.config.scanEveryMs },
        { name: JobName.ScanDueReminders, data: {} },
      );
      // Overdue milestones need their next weekly reminder planned; a nightly pass does it.
      await queue.upsertJobScheduler(
        schedulerId.replan,
        { pattern: '5 0 * * *', tz: this.app.officeTimezone },
        { name: JobName.ReplanAllReminders, data: {} },
      );
      const requeued = await forgetEnqueued(this.db.manager);
      this.logger.log(`Reminder schedulers in place; ${requeued} pending deliveries handed over again`);
    } catch (error) {
      this.logger.warn(`Cannot check reminder schedulers yet: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
