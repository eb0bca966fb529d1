import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { loadAppConfig, loadDocumentsConfig, type RemindersConfig } from '../../../config/index.js';
import { ReminderQueues } from '../../../apps/worker/src/reminders/reminder-queues.js';
import { defaultJobOptions, JobName, jobId, QueueName } from '../../../libs/reminders/src/queue.constants.js';
import {
  claimDeliveriesToEnqueue,
  dispatchDueReminders,
  type DeliveryToEnqueue,
} from '../../../libs/reminders/src/reminder-dispatch.js';
import { scanDueReminders } from '../../../libs/reminders/src/reminder-scanner.js';

/** One scan + enqueue: wall-clock ms, and how much of it went to Redis. */
export interface ScanRun {
  ms: number;
  enqueueMs: number;
  dispatched: number;
  enqueued: number;
}

/**
 * A stand-in for TypeORM's EntityManager over a bare client: the product's own statement
 * builders run their statements (every one of them, with the rendering of in-app
 * notifications between) on bare `pg`, so the floor does the same work minus TypeORM.
 */
function bareManager(client: pg.Client): EntityManager {
  return { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows } as EntityManager;
}

/**
 * What the worker's scan job does (SchedulerProcessor.scan): scanDueReminders through
 * TypeORM, handing each claimed batch to the worker's own ReminderQueues.enqueueDeliveries.
 */
export class ProductScan {
  private readonly queues: ReminderQueues;

  constructor(
    private readonly db: DataSource,
    redis: { url: string; prefix: string },
    private readonly config: RemindersConfig,
  ) {
    this.queues = new ReminderQueues(redis, config, loadDocumentsConfig());
  }

  async run(now: Date): Promise<ScanRun> {
    let enqueueMs = 0;
    const started = performance.now();
    const result = await scanDueReminders(
      this.db,
      now,
      {
        batch: this.config.scanBatch,
        requeueAfterSeconds: this.config.requeueAfterSeconds,
        timeZone: loadAppConfig().officeTimezone,
      },
      async (deliveries) => {
        const at = performance.now();
        await this.queues.enqueueDeliveries(deliveries);
        enqueueMs += performance.now() - at;
      },
    );
    return { ms: performance.now() - started, enqueueMs, ...result };
  }

  close(): Promise<void> {
    return this.queues.onApplicationShutdown();
  }
}

/**
 * The floor under it: the same statements, batches and transactions through a bare `pg`
 * client (no TypeORM; see bareManager), then one bare BullMQ addBulk of every job, with the same job ids,
 * data and queue options.
 */
export class BareScan {
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(
    private readonly client: pg.Client,
    redis: { url: string; prefix: string },
    private readonly config: RemindersConfig,
  ) {
    const defaults = defaultJobOptions({ attempts: config.deliveryAttempts, backoffMs: config.backoffMs });
    this.queue = new Queue(QueueName.ReminderDelivery, {
      connection: (this.connection = new Redis(redis.url, { maxRetriesPerRequest: null })),
      prefix: redis.prefix,
      defaultJobOptions: defaults[QueueName.ReminderDelivery],
    });
  }

  async run(now: Date): Promise<ScanRun> {
    const { scanBatch: batch, requeueAfterSeconds } = this.config;
    const manager = bareManager(this.client);
    const timeZone = loadAppConfig().officeTimezone;
    const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
      await this.client.query('BEGIN');
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    };

    const started = performance.now();
    let dispatched = 0;
    for (;;) {
      const claimed = await inTransaction(() => dispatchDueReminders(manager, now, batch, { timeZone }));
      dispatched += claimed;
      if (claimed < batch) break;
    }
    const deliveries: DeliveryToEnqueue[] = [];
    for (;;) {
      const rows = await inTransaction(() => claimDeliveriesToEnqueue(manager, now, requeueAfterSeconds, batch));
      deliveries.push(...rows);
      if (rows.length < batch) break;
    }
    const at = performance.now();
    await this.queue.addBulk(
      deliveries.map(({ id, round }) => ({
        name: JobName.DeliverReminder,
        data: { deliveryId: id },
        opts: { jobId: jobId(JobName.DeliverReminder, id, round) },
      })),
    );
    const ended = performance.now();
    return { ms: ended - started, enqueueMs: ended - at, dispatched, enqueued: deliveries.length };
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit();
  }
}
