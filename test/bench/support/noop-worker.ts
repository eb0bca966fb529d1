import { performance } from 'node:perf_hooks';
import { Worker } from 'bullmq';
import { createBullConnection } from '../../../libs/reminders/src/bullmq-connection.js';
import { QueueName } from '../../../libs/reminders/src/queue.constants.js';

/**
 * The delivery baseline, in a process of its own as the product's worker is: a BullMQ
 * Worker on the delivery queue with the DeliveryProcessor's options whose handler does
 * nothing. It says 'ready', starts on 'run', and reports the ms from then until NOOP_JOBS
 * jobs have completed.
 */
const env = (name: string) => Number(process.env[name]);
const jobs = env('NOOP_JOBS');
const lockMs = env('NOOP_LOCK_MS');
const connection = createBullConnection(process.env.NOOP_REDIS_URL!);
const worker = new Worker(QueueName.ReminderDelivery, async () => undefined, {
  connection,
  prefix: process.env.NOOP_PREFIX,
  concurrency: env('NOOP_CONCURRENCY'),
  lockDuration: lockMs,
  stalledInterval: lockMs,
  maxStalledCount: 3,
  autorun: false,
});

let started = 0;
let completed = 0;
worker.on('completed', () => {
  if (++completed === jobs) process.send!({ ms: performance.now() - started, completed });
});
worker.on('error', (error) => console.error(`no-op worker: ${error.message}`));

process.on('message', (message) => {
  if (message === 'run') {
    started = performance.now();
    void worker.run();
  } else if (message === 'stop') {
    void worker
      .close()
      .then(() => connection.quit())
      .finally(() => process.exit(0));
  }
});
await worker.waitUntilReady();
process.send!('ready');
