import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, type FixedClock } from '../../libs/domain/src/index.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueName, ReminderPlanner } from '../../libs/reminders/src/index.js';
import { ReminderQueues } from '../../apps/worker/src/reminders/reminder-queues.js';
import { SchedulerProcessor } from '../../apps/worker/src/reminders/scheduler.processor.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';

export interface TestWorker {
  app: INestApplicationContext;
  /** Runs one scan now, on the test's clock, instead of waiting for the scheduler. */
  scan(): Promise<{ dispatched: number; enqueued: number }>;
  /** The nightly pass: replans every agreement on the test's clock. */
  replanAll(): Promise<{ cancelled: number; planned: number }>;
  close(): Promise<void>;
}

/**
 * The real worker module in this process, on the same database and Redis prefix as the
 * test app (startTestApp sets them), with the office clock under the test's control.
 * The periodic scan is set far apart so only the test's own scans run.
 */
export async function startTestWorker(clock: FixedClock): Promise<TestWorker> {
  process.env.REMINDER_SCAN_EVERY_MS ??= '3600000';
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = await moduleRef.init();
  const scheduler = app.get(SchedulerProcessor);
  const queues = app.get(ReminderQueues);
  return {
    app,
    scan: () => scheduler.scan(),
    replanAll: () => {
      const db = app.get<DataSource>(getDataSourceToken());
      const planner = app.get(ReminderPlanner);
      return db.transaction((tx) => planner.replan(tx, null));
    },
    async close() {
      for (const name of Object.values(QueueName)) await queues.queue(name).obliterate({ force: true });
      await app.close();
    },
  };
}

/** Polls until `check` passes or the time is up; the last failure is rethrown. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
