import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisConfig, remindersConfig } from '@mou/config';
import { Clock } from '@mou/domain';
import {
  createBullConnection,
  EmailChannel,
  type JobData,
  JobName,
  QueueName,
  ReminderDeliverer,
  renderReminderMessage,
  WebhookChannel,
} from '@mou/reminders';

/** Sends reminders: one job per delivery row, retried with backoff, then marked failed. */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryProcessor.name);
  private worker?: Worker;
  private connection?: ReturnType<typeof createBullConnection>;
  private readonly email: EmailChannel;
  private readonly webhook: WebhookChannel;
  private readonly deliverer: ReminderDeliverer;

  constructor(
    @InjectDataSource() db: DataSource,
    clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
    @Inject(redisConfig.KEY) private readonly redis: ConfigType<typeof redisConfig>,
  ) {
    this.email = new EmailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom });
    this.webhook = new WebhookChannel({
      timeoutMs: config.webhookTimeoutMs,
      allowPrivate: config.webhookAllowPrivate,
    });
    // The claim outlives the job lock and a webhook's timeout, so a live sender keeps it.
    const claimSeconds = Math.ceil((config.jobLockMs + config.webhookTimeoutMs) / 1000) + 5;
    this.deliverer = new ReminderDeliverer(
      db,
      { email: this.email, webhook: this.webhook },
      renderReminderMessage,
      () => clock.today(),
      claimSeconds,
    );
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.ReminderDelivery, (job) => this.handle(job), {
      connection: (this.connection = createBullConnection(this.redis.url)),
      prefix: this.redis.prefix,
      concurrency: this.config.deliveryConcurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: this.config.jobLockMs,
      maxStalledCount: 3,
    });
    this.worker.on('error', (error) => this.logger.warn(`Delivery worker: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`Delivery ${job?.data?.deliveryId} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
  }

  handle(job: Job<JobData[JobName.DeliverReminder]>) {
    const attempts = job.opts.attempts ?? this.config.deliveryAttempts;
    return this.deliverer.deliver(job.data.deliveryId, job.attemptsMade + 1 >= attempts);
  }

  /** Lets in-flight deliveries finish (BullMQ waits for active jobs) before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    await this.email.close();
    await this.webhook.close();
  }
}
