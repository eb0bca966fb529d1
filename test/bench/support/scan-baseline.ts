import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { loadAppConfig, type RemindersConfig } from '../../../config/index.js';
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

interface Statement {
  sql: string;
  params: unknown[];
}

/** The statement a product function sends, caught by a stand-in manager that runs nothing. */
async function caught(call: (manager: EntityManager) => Promise<unknown>): Promise<Statement> {
  let statement: Statement | undefined;
  const recorder = {
    query: async (sql: string, params: unknown[]) => {
      statement = { sql, params };
      return [{ dispatched: 0, deliveries: 0 }];
    },
  } as unknown as EntityManager;
  await call(recorder);
  return statement!;
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
    this.queues = new ReminderQueues(redis, config);
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
 * client (no TypeORM), then one bare BullMQ addBulk of every job, with the same job ids,
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
    const dispatch = await caught((m) => dispatchDueReminders(m, now, batch));
    const claim = await caught((m) => claimDeliveriesToEnqueue(m, now, requeueAfterSeconds, batch));
    const inTransaction = async <T>({ sql, params }: Statement): Promise<T[]> => {
      await this.client.query('BEGIN');
      const { rows } = await this.client.query(sql, params);
      await this.client.query('COMMIT');
      return rows as T[];
    };

    const started = performance.now();
    let dispatched = 0;
    for (;;) {
      const [{ dispatched: claimed }] = await inTransaction<{ dispatched: number }>(dispatch);
      dispatched += claimed;
      if (claimed < batch) break;
    }
    const deliveries: DeliveryToEnqueue[] = [];
    for (;;) {
      const rows = await inTransaction<DeliveryToEnqueue>(claim);
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
