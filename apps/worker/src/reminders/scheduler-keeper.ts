import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { appConfig, remindersConfig } from '@mou/config';
import { forgetEnqueued, JobName, QueueName, schedulerId } from '@mou/reminders';
import { ReminderQueues } from './reminder-queues.js';

/** States in which a scheduler's latest iteration will still run (or is running). */
const ITERATION_ALIVE = new Set(['waiting', 'delayed', 'prioritized', 'active', 'waiting-children']);

/**
 * Keeps the BullMQ job schedulers in Redis. Redis here keeps nothing on disk, so a
 * restart or a FLUSHALL silently removes them (and every queued job): the keeper checks
 * every few seconds, puts the schedulers back, and has PostgreSQL hand every pending
 * delivery over again. Upserting a scheduler is idempotent, so any number of workers
 * may run this at once.
 *
 * A scheduler can also outlive its chain of iterations: BullMQ schedules the next scan
 * from the worker, after it has taken the current one, in a separate call. A worker killed
 * between the two, or a Redis error on that call, leaves the scheduler with no iteration
 * to come, and scanning (so also every requeue of a lost delivery) stops for good. The
 * keeper therefore checks that the latest iteration is still to run or running; one that
 * finished without a successor is replaced. (An iteration left running by a dead worker
 * comes back through BullMQ's stalled check, within two REMINDER_JOB_LOCK_MS: see
 * SchedulerProcessor.)
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
      if (await queue.getJobScheduler(schedulerId.scan)) {
        await this.reviveStalledChains(queue);
        return;
      }
      await this.upsertScan(queue);
      await this.upsertReplan(queue);
      const requeued = await forgetEnqueued(this.db.manager);
      this.logger.log(`Reminder schedulers in place; ${requeued} pending deliveries handed over again`);
    } catch (error) {
      this.logger.warn(`Cannot check reminder schedulers yet: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }

  /** Puts back a scheduler whose latest iteration is over and has no successor. */
  private async reviveStalledChains(queue: Queue): Promise<void> {
    const upserts = {
      [schedulerId.scan]: () => this.upsertScan(queue),
      [schedulerId.replan]: () => this.upsertReplan(queue),
    };
    for (const [id, upsert] of Object.entries(upserts)) {
      const scheduler = await queue.getJobScheduler(id);
      if (scheduler?.next === undefined) {
        await upsert();
        continue;
      }
      const state = await queue.getJobState(`repeat:${id}:${scheduler.next}`);
      if (ITERATION_ALIVE.has(state)) continue;
      // A live chain may have moved on between the two reads: only a latest that stayed the latest is stuck.
      if ((await queue.getJobScheduler(id))?.next !== scheduler.next) continue;
      await upsert();
      this.logger.warn(`Reminder scheduler ${id} had no iteration to come (latest ${state}); put back`);
    }
  }

  private upsertScan(queue: Queue) {
    return queue.upsertJobScheduler(
      schedulerId.scan,
      { every: this.config.scanEveryMs },
      { name: JobName.ScanDueReminders, data: {} },
    );
  }

  /** Overdue milestones need their next weekly reminder planned; a nightly pass does it. */
  private upsertReplan(queue: Queue) {
    return queue.upsertJobScheduler(
      schedulerId.replan,
      { pattern: '5 0 * * *', tz: this.app.officeTimezone },
      { name: JobName.ReplanAllReminders, data: {} },
    );
  }
}
