import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisConfig, remindersConfig } from '@mou/config';
import { Clock, systemActor } from '@mou/domain';
import {
  createBullConnection,
  JobName,
  QueueName,
  ReminderPlanner,
  rollOverAutomaticRenewals,
  scanDueReminders,
} from '@mou/reminders';
import { AuditService } from '@mou/audit';
import { ReminderQueues } from './reminder-queues.js';

/** Runs the scheduled jobs: the frequent scan for due reminders and the nightly replan. */
@Injectable()
export class SchedulerProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerProcessor.name);
  private worker?: Worker;
  private connection?: ReturnType<typeof createBullConnection>;

  constructor(
    private readonly queues: ReminderQueues,
    private readonly planner: ReminderPlanner,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
    @Inject(redisConfig.KEY) private readonly redis: ConfigType<typeof redisConfig>,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.ReminderScheduler, (job) => this.handle(job), {
      connection: (this.connection = createBullConnection(this.redis.url)),
      prefix: this.redis.prefix,
      concurrency: 1,
      // A scan left running by a dead worker holds up every later scan (its successor may not
      // exist yet): it is taken over after two job locks, not BullMQ's default of up to a minute.
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
    });
    this.worker.on('error', (error) => this.logger.warn(`Scheduler worker: ${error.message}`));
  }

  async handle(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.ScanDueReminders:
        return this.scan();
      case JobName.ReplanAllReminders:
        return this.nightly();
      default:
        throw new Error(`Unknown job ${job.name} on ${QueueName.ReminderScheduler}`);
    }
  }

  /**
   * The nightly pass: agreements that renew automatically and whose last day has passed
   * roll into their next term(s), then every agreement's reminders are replanned; each
   * roll-over is audited as the system, last in the transaction.
   */
  nightly() {
    return this.db.transaction(async (tx) => {
      const rolled = await rollOverAutomaticRenewals(tx, this.clock.today());
      const plan = await this.planner.replan(tx, null);
      for (const agreement of rolled) {
        await this.audit.record(tx, systemActor(), {
          action: 'agreement.renewal',
          entityType: 'agreement',
          entityId: agreement.id,
          after: { terms: agreement.terms },
          metadata: { automatic: true, reference: agreement.reference },
        });
      }
      return { ...plan, rolled: rolled.length };
    });
  }

  scan() {
    return scanDueReminders(
      this.db,
      this.clock.now(),
      {
        batch: this.config.scanBatch,
        requeueAfterSeconds: this.config.requeueAfterSeconds,
        timeZone: this.clock.timeZone,
      },
      (ids) => this.queues.enqueueDeliveries(ids),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
