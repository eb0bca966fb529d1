import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { RemindersConfig } from '../../../config/index.js';
import { childPids, cpuMs } from './cpu.js';
import { defaultJobOptions, JobName, jobId, QueueName } from '../../../libs/reminders/src/queue.constants.js';

const script = 'dist/test/bench/support/noop-worker.js';

/**
 * Jobs per second a no-op BullMQ worker (support/noop-worker.ts, its own process) consumes:
 * `jobs` delivery jobs shaped as the product's (ids, data, queue options) are queued under
 * `prefix`, then the worker is let go and timed until the last one has completed. CPU is
 * what the worker process and this process's redis-server children used meanwhile.
 */
export async function noopJobsPerSecond(
  redisUrl: string,
  prefix: string,
  jobs: number,
  config: RemindersConfig,
): Promise<{ jobs: number; ms: number; jobsPerSecond: number; cpuMs: { worker: number; redis: number } }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const defaults = defaultJobOptions({ attempts: config.deliveryAttempts, backoffMs: config.backoffMs });
  const queue = new Queue(QueueName.ReminderDelivery, {
    connection,
    prefix,
    defaultJobOptions: defaults[QueueName.ReminderDelivery],
  });
  const child = fork(script, [], {
    env: {
      ...process.env,
      NOOP_REDIS_URL: redisUrl,
      NOOP_PREFIX: prefix,
      NOOP_JOBS: String(jobs),
      NOOP_CONCURRENCY: String(config.deliveryConcurrency),
      NOOP_LOCK_MS: String(config.jobLockMs),
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>(timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no-op worker: no answer in ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (message) => (clearTimeout(timer), resolve(message as T)));
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`no-op worker exited with ${code}`))));
    });
  try {
    await next<'ready'>(20_000);
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, jobs - i) }, () => {
          const deliveryId = randomUUID();
          return {
            name: JobName.DeliverReminder,
            data: { deliveryId },
            opts: { jobId: jobId(JobName.DeliverReminder, deliveryId) },
          };
        }),
      );
    }
    const redisCpu = () => childPids('redis-server').reduce((sum, pid) => sum + cpuMs(pid), 0);
    const before = { worker: cpuMs(child.pid!), redis: redisCpu() };
    const done = next<{ ms: number; completed: number }>(60_000 + jobs * 10);
    child.send('run');
    const { ms } = await done;
    const used = { worker: cpuMs(child.pid!) - before.worker, redis: redisCpu() - before.redis };
    return { jobs, ms, jobsPerSecond: jobs / (ms / 1000), cpuMs: used };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
  }
}
