/**
 * A stand-in for a worker that goes wrong at one exact point: it takes the next scan
 * from the scheduler queue as any worker does, and BullMQ then schedules the scan after
 * it, in a separate call. Here that call never lands:
 *
 *   node scan-taker.js <redis url> <prefix> die   kill -9 of this process at that moment
 *   node scan-taker.js <redis url> <prefix> fail  the call fails (a Redis error); the scan
 *                                                 is then finished as usual
 *
 * A plain script (not TypeScript), so a test spawns it as a process of its own.
 */
import { JobScheduler, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';

const [url, prefix, mode] = process.argv.slice(2);
const queueName = 'reminder-scheduler';
const token = 'scan-taker';

JobScheduler.prototype.upsertJobScheduler = async function () {
  if (mode === 'die') process.kill(process.pid, 'SIGKILL');
  throw new Error('the next scan could not be scheduled');
};

const connection = new Redis(url, { maxRetriesPerRequest: null });
const worker = new Worker(queueName, null, { connection, prefix, autorun: false, lockDuration: 2000 });
worker.on('error', () => undefined);
const queue = new Queue(queueName, { connection, prefix });

// A scan left running by some earlier dead worker is not this one's to finish.
const earlier = new Set((await queue.getActive()).map((job) => job.id));
for (let tries = 0; tries < 200; tries++) {
  // The job is taken (active) before the failing call; getNextJob then answers nothing.
  await worker.getNextJob(token, { block: false });
  const taken = (await queue.getActive()).find((job) => !earlier.has(job.id));
  if (taken) {
    await taken.moveToCompleted('taken by scan-taker', token, false);
    await worker.close(true);
    await queue.close();
    process.exit(0);
  }
  await sleep(50); // the next scan is due within REMINDER_SCAN_EVERY_MS
}
console.error('no scan to take');
process.exit(1);
