import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { documentsConfig, redisConfig, remindersConfig } from '@mou/config';
import {
  createBullConnection,
  defaultJobOptions,
  type DeliveryToEnqueue,
  JobName,
  jobId,
  jobQueue,
  QueueName,
} from '@mou/reminders';

/** The worker's producers, one per queue (reminders and document extraction), on their own Redis connection. */
@Injectable()
export class ReminderQueues implements OnApplicationShutdown {
  readonly connection;
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @Inject(redisConfig.KEY) readonly redis: ConfigType<typeof redisConfig>,
    @Inject(remindersConfig.KEY) reminders: ConfigType<typeof remindersConfig>,
    @Inject(documentsConfig.KEY) documents: ConfigType<typeof documentsConfig>,
  ) {
    this.connection = createBullConnection(redis.url);
    const jobDefaults = defaultJobOptions(
      { attempts: reminders.deliveryAttempts, backoffMs: reminders.backoffMs },
      { attempts: documents.extractionAttempts, backoffMs: documents.extractionBackoffMs },
    );
    this.queues = Object.fromEntries(
      Object.values(QueueName).map((name) => [
        name,
        new Queue(name, { connection: this.connection, prefix: redis.prefix, defaultJobOptions: jobDefaults[name] }),
      ]),
    ) as Record<QueueName, Queue>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  forJob(name: JobName): Queue {
    return this.queues[jobQueue[name]];
  }

  /**
   * Adds one delivery job per id; an id whose job is still waiting or running is skipped
   * by BullMQ. A requeued delivery whose job has finished without settling the row (BullMQ
   * gave up on it as stalled after its worker died) has that husk removed first, or the
   * job id would block it forever.
   */
  async enqueueDeliveries(deliveries: DeliveryToEnqueue[]): Promise<void> {
    const queue = this.forJob(JobName.DeliverReminder);
    for (const { id, round } of deliveries.filter((d) => d.requeue)) {
      const job = await queue.getJob(jobId(JobName.DeliverReminder, id, round));
      const state = await job?.getState();
      if (state === 'failed' || state === 'completed') await job!.remove();
    }
    for (let i = 0; i < deliveries.length; i += 1000) {
      await queue.addBulk(
        deliveries.slice(i, i + 1000).map(({ id, round }) => ({
          name: JobName.DeliverReminder,
          data: { deliveryId: id },
          opts: { jobId: jobId(JobName.DeliverReminder, id, round) },
        })),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
