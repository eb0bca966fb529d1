import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { loadAppConfig, loadRemindersConfig } from '../../config/index.js';
import { SystemClock } from '../../libs/domain/src/calendar/clock.js';
import { dispatchDueReminders } from '../../libs/reminders/src/reminder-dispatch.js';
import { planReminders, type PlanContext } from '../../libs/reminders/src/reminder-planner.js';
import { freePort, RedisProcess } from '../support/redis-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { WorkerProcess } from '../support/worker-process.js';
import { createBenchDatabase } from './support/bench-database.js';
import { BENCH_WEBHOOK_ID, loadDataset, round } from './support/dataset.js';
import { figure, type Figure, formatTable, machineInfo, median, writeJson } from './support/report.js';

/**
 * The reminder numbers the issue demands, measured on this machine:
 *  (a) planning every reminder of 100k agreements / 1M milestones in one set-based pass < 60 s;
 *  (b) one scan for due reminders < 50 ms, on the partial index ix_reminder_due;
 *  (c) delivery by the real built worker to a local webhook receiver >= 500 reminders/s.
 * Scale and sizes come from BENCH_* variables (see `settings`); results go to
 * bench-results/reminders.json.
 */
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const settings = {
  agreements: env('BENCH_AGREEMENTS', 100_000),
  milestonesPerAgreement: env('BENCH_MILESTONES_PER_AGREEMENT', 10),
  scanDue: [env('BENCH_SCAN_DUE_SMALL', 1_000), env('BENCH_SCAN_DUE_LARGE', 10_000)],
  scanRuns: env('BENCH_SCAN_RUNS', 5),
  deliveryReminders: env('BENCH_DELIVERY_REMINDERS', 10_000),
  scanEveryMs: env('BENCH_SCAN_EVERY_MS', 200),
};

const TARGET = {
  planSeconds: 60,
  scanMs: 50,
  remindersPerSecond: 500,
};

const RESULTS = 'bench-results/reminders.json';

interface Timed<T> {
  ms: number;
  result: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

function log(message: string): void {
  console.log(`[bench:reminders ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function planContext(clock: SystemClock): PlanContext {
  const reminders = loadRemindersConfig();
  return {
    defaults: {
      expiry: reminders.expiryDays,
      notice: reminders.noticeDays,
      milestone: reminders.milestoneDays,
      overdueEveryDays: reminders.overdueEveryDays,
    },
    hour: reminders.hour,
    timeZone: clock.timeZone,
    now: clock.now(),
    today: clock.today(),
  };
}

/** (a) The whole plan in one transaction: first on an empty plan, then the nightly replan. */
async function benchPlanning(db: DataSource, clock: SystemClock, figures: Figure[]) {
  log('(a) planning reminders for every agreement in one pass …');
  const first = await timed(() => db.transaction((tx) => planReminders(tx, null, planContext(clock))));
  log(`    first plan: ${round(first.ms / 1000, 2)} s, ${JSON.stringify(first.result)}`);
  figures.push(
    figure('plan.first', '(a) plan all reminders, first pass (empty plan)', round(first.ms / 1000, 2), 's', {
      op: '<',
      value: TARGET.planSeconds,
    }),
  );

  // What is already due when the plan is first made would have gone out long ago in a
  // running system: mark it sent, so the due set is what the scan benchmarks choose.
  const now = clock.now();
  const history = await timed(() =>
    db.query(
      `WITH settled AS (
         UPDATE reminder SET state = 'sent', dispatched_at = fire_at, sent_at = fire_at, attempts = 1
          WHERE state = 'pending' AND fire_at <= $1 RETURNING 1)
       SELECT count(*)::int AS n FROM settled`,
      [now],
    ),
  );
  await db.query('VACUUM ANALYZE reminder');
  log(`    ${history.result[0].n} reminders already due at planning marked sent as history`);

  const again = await timed(() => db.transaction((tx) => planReminders(tx, null, planContext(clock))));
  log(`    replan: ${round(again.ms / 1000, 2)} s, ${JSON.stringify(again.result)}`);
  figures.push(
    figure('plan.replan', '(a) replan all reminders, nightly pass (plan in place)', round(again.ms / 1000, 2), 's', {
      op: '<',
      value: TARGET.planSeconds,
    }),
  );
  await db.query('VACUUM ANALYZE reminder');

  const rows: Array<{ kind: string; state: string; n: number }> = await db.query(
    `SELECT kind, state, count(*)::int AS n FROM reminder GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  figures.push(figure('plan.rows', '(a) reminder rows planned', total, 'rows'));
  return {
    firstPass: { seconds: round(first.ms / 1000, 2), ...first.result },
    replan: { seconds: round(again.ms / 1000, 2), ...again.result },
    historyMarkedSent: history.result[0].n,
    reminders: rows,
  };
}

/** The exact statement dispatchDueReminders sends, caught by a stand-in manager. */
async function dispatchStatement(now: Date, batch: number): Promise<{ sql: string; params: unknown[] }> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const recorder = {
    query: async (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return [{ dispatched: 0, deliveries: 0 }];
    },
  } as unknown as EntityManager;
  await dispatchDueReminders(recorder, now, batch);
  return captured!;
}

/** Runs `work` in a transaction that is always rolled back, so every run sees the same rows. */
async function rolledBack<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      return await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
    }
  } finally {
    await runner.release();
  }
}

interface PlanNode {
  'Node Type': string;
  'Subplan Name'?: string;
  'Index Name'?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function findNode(node: PlanNode, test: (n: PlanNode) => boolean): PlanNode | undefined {
  if (test(node)) return node;
  for (const child of node.Plans ?? []) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return undefined;
}

/**
 * Makes `count` more reminders due: the ones that would come due next, from agreements
 * that match `where`, moved into the last hour. Their real times are kept to put back.
 */
async function makeDue(db: DataSource, now: Date, count: number, where = 'true'): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(
    `WITH pick AS (
       SELECT r.id, r.fire_at, row_number() OVER () AS n
         FROM (SELECT r.id, r.fire_at FROM reminder r JOIN agreement a ON a.id = r.agreement_id
                WHERE r.state = 'pending' AND r.dispatched_at IS NULL AND r.fire_at > $1 AND ${where}
                ORDER BY r.fire_at, r.agreement_id, r.milestone_id NULLS FIRST, r.kind, r.offset_days
                LIMIT $2) r
     ),
     kept AS (INSERT INTO bench_moved (id, fire_at) SELECT id, fire_at FROM pick),
     moved AS (
       UPDATE reminder r SET fire_at = $1::timestamptz - make_interval(secs => 60 + pick.n % 3600)
         FROM pick WHERE r.id = pick.id
       RETURNING r.id
     )
     SELECT id FROM moved`,
    [now, count],
  );
  return rows.map((row) => row.id);
}

async function restoreMoved(db: DataSource): Promise<void> {
  await db.query(`UPDATE reminder r SET fire_at = m.fire_at FROM bench_moved m WHERE r.id = m.id`);
  await db.query('TRUNCATE bench_moved');
  await db.query('VACUUM ANALYZE reminder');
  await db.query('VACUUM ANALYZE reminder_delivery');
}

/**
 * (b) The scan of dispatchDueReminders with 1k and 10k reminders due among all planned
 * ones, each run rolled back. Two numbers per size: the scan proper (finding and locking
 * the due rows through ix_reminder_due, the `due` step of the statement as EXPLAIN ANALYZE
 * times it) and the whole statement (scan, claim, and every delivery row written).
 */
async function benchScan(db: DataSource, figures: Figure[]) {
  log('(b) scanning for due reminders …');
  await db.query('CREATE TABLE bench_moved (id uuid PRIMARY KEY, fire_at timestamptz NOT NULL)');
  const [{ pending }] = await db.query(
    `SELECT count(*)::int AS pending FROM reminder WHERE state = 'pending' AND dispatched_at IS NULL`,
  );
  const results: Record<string, unknown>[] = [];
  let due = 0;
  for (const size of settings.scanDue) {
    await makeDue(db, new Date(), size - due);
    due = size;
    await db.query('VACUUM ANALYZE reminder');
    const now = new Date();
    const { sql, params } = await dispatchStatement(now, size);

    const explain = async (format: 'JSON' | 'TEXT') =>
      rolledBack(db, (m) => m.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT ${format}) ${sql}`, params));
    await explain('JSON'); // warm-up: caches, plan
    const scanMs: number[] = [];
    let usesIndex = true;
    let claimed = 0;
    for (let run = 0; run < settings.scanRuns; run++) {
      const [{ 'QUERY PLAN': plan }] = await explain('JSON');
      const root = plan[0].Plan as PlanNode;
      const scan = findNode(root, (n) => n['Subplan Name'] === 'CTE due')!;
      scanMs.push(scan['Actual Total Time']!);
      claimed = scan['Actual Rows']!;
      usesIndex &&= !!findNode(scan, (n) => n['Index Name'] === 'ix_reminder_due');
    }
    const statementMs: number[] = [];
    let deliveries = 0;
    for (let run = 0; run <= settings.scanRuns; run++) {
      const { ms } = await timed(() =>
        rolledBack(db, async (m) => {
          const dispatched = await dispatchDueReminders(m, now, size);
          if (dispatched !== size) throw new Error(`dispatched ${dispatched} of ${size} due reminders`);
          [{ n: deliveries }] = await m.query('SELECT count(*)::int AS n FROM reminder_delivery');
        }),
      );
      if (run > 0) statementMs.push(ms); // the first run warms up
    }
    // The plan for the record, timed once more (rolled back like the rest).
    const text = (await explain('TEXT')).map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');

    const label = `${size.toLocaleString('en-US')} due`;
    figures.push(
      figure(
        `scan.${size}.scan`,
        `(b) scan, ${label}: find + lock due rows (ix_reminder_due)`,
        round(median(scanMs), 2),
        'ms',
        {
          op: '<',
          value: TARGET.scanMs,
        },
      ),
      figure(
        `scan.${size}.statement`,
        `(b) dispatch statement, ${label}: scan + claim + ${deliveries.toLocaleString('en-US')} deliveries`,
        round(median(statementMs), 1),
        'ms',
        { op: '<', value: TARGET.scanMs },
      ),
    );
    log(
      `    ${label}: scan ${round(median(scanMs), 2)} ms (runs ${scanMs.map((v) => round(v, 2)).join(', ')}), ` +
        `statement ${round(median(statementMs), 1)} ms (runs ${statementMs.map((v) => round(v, 1)).join(', ')}), ` +
        `uses ix_reminder_due: ${usesIndex}`,
    );
    if (!usesIndex)
      figures.push(figure(`scan.${size}.index`, `(b) ${label}: plan uses ix_reminder_due`, 0, 'no', null));
    results.push({
      due: size,
      pendingUndispatched: pending,
      claimed,
      deliveriesWritten: deliveries,
      usesIxReminderDue: usesIndex,
      scanMs: scanMs.map((v) => round(v, 3)),
      statementMs: statementMs.map((v) => round(v, 2)),
      explain: text,
    });
    if (size === settings.scanDue[0])
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the dispatch statement, ${label}:\n${text}\n`);
  }
  await restoreMoved(db);
  return results;
}

/**
 * (c) The real worker process, its own Redis, and a local receiver that answers 200 at
 * once: N reminders come due at once (in-app + webhook each; no contacts, so no mail),
 * and the clock runs from the first dispatch to the last reminder marked sent.
 */
async function benchDelivery(db: DataSource, url: string, figures: Figure[]) {
  const count = settings.deliveryReminders;
  log(`(c) delivering ${count} reminders through the built worker …`);
  const arrivals: number[] = [];
  const receiver = await startWebhookReceiver(() => {
    arrivals.push(Date.now());
    return { status: 200 };
  });
  const redis = await RedisProcess.start();
  let worker: WorkerProcess | undefined;
  try {
    await db.query('UPDATE webhook SET url = $2 WHERE id = $1', [BENCH_WEBHOOK_ID, receiver.url]);
    const workerEnv = {
      DATABASE_URL: url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'mou_bench',
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, // nothing listens: no reminder here has contacts
      WEBHOOK_ALLOW_PRIVATE: 'true',
      REMINDER_SCAN_EVERY_MS: String(settings.scanEveryMs),
      LOG_LEVEL: 'warn',
    };
    worker = await WorkerProcess.start(workerEnv);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let its first scans find nothing

    const dueAt = Date.now();
    const ids = await makeDue(db, new Date(), count, `a.contacts = '{}'`);
    if (ids.length !== count) throw new Error(`only ${ids.length} reminders could be made due`);

    const deadline = Date.now() + 120_000 + count * 20;
    let last = { sent: -1, at: Date.now() };
    for (;;) {
      const [{ sent, failed }] = await db.query(
        `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state = 'failed')::int AS failed
           FROM reminder WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      if (sent + failed === count) break;
      if (sent !== last.sent) last = { sent, at: Date.now() };
      if (Date.now() > deadline || Date.now() - last.at > 30_000) {
        const states = await db.query(
          `SELECT d.channel, d.state, count(*)::int AS n FROM reminder_delivery d
            WHERE d.reminder_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`,
          [ids],
        );
        const [{ stuck }] = await db.query(
          `SELECT count(*)::int AS stuck FROM reminder r
            WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending'
              AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.state = 'pending')`,
          [ids],
        );
        throw new Error(
          `delivery stalled: ${sent} of ${count} reminders sent, ${failed} failed; deliveries ${JSON.stringify(states)}; ` +
            `${stuck} reminders still pending although none of their deliveries is.\nworker log:\n${worker.log.slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const [r] = await db.query(
      `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state = 'failed')::int AS failed,
              extract(epoch FROM min(dispatched_at)) * 1000 AS first_dispatch, extract(epoch FROM max(sent_at)) * 1000 AS last_sent
         FROM reminder WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const channels: Array<{ channel: string; sent: number; total: number; last_sent: number }> = await db.query(
      `SELECT channel, count(*)::int AS total, count(*) FILTER (WHERE state = 'sent')::int AS sent,
              extract(epoch FROM max(sent_at)) * 1000 AS last_sent
         FROM reminder_delivery WHERE reminder_id = ANY($1::uuid[]) GROUP BY channel ORDER BY channel`,
      [ids],
    );
    const [{ notifications }] = await db.query(
      'SELECT count(*)::int AS notifications FROM notification WHERE reminder_id = ANY($1::uuid[])',
      [ids],
    );
    const firstDispatch = Number(r.first_dispatch);
    const lastSent = Number(r.last_sent);
    const seconds = (lastSent - firstDispatch) / 1000;
    const webhook = channels.find((c) => c.channel === 'webhook');
    const webhookSeconds = webhook ? (Number(webhook.last_sent) - firstDispatch) / 1000 : NaN;
    const distinctHooks = new Set(receiver.hooks.map((h) => h.deliveryId)).size;
    const arrivalSeconds = arrivals.length > 1 ? (arrivals[arrivals.length - 1] - arrivals[0]) / 1000 : NaN;

    figures.push(
      figure(
        'deliver.reminders',
        `(c) reminders fully sent per second (${count.toLocaleString('en-US')} reminders)`,
        round(r.sent / seconds, 1),
        'reminders/s',
        { op: '>=', value: TARGET.remindersPerSecond },
      ),
      figure(
        'deliver.webhooks',
        '(c) webhook deliveries sent per second',
        round((webhook?.sent ?? 0) / webhookSeconds, 1),
        'deliveries/s',
        { op: '>=', value: TARGET.remindersPerSecond },
      ),
      figure(
        'deliver.receiver',
        '(c) webhook POSTs arriving at the receiver per second',
        round(arrivals.length / arrivalSeconds, 1),
        'requests/s',
      ),
      figure('deliver.latency', '(c) from due to last reminder sent', round((lastSent - dueAt) / 1000, 2), 's'),
    );
    const result = {
      reminders: count,
      sent: r.sent,
      failed: r.failed,
      secondsFirstDispatchToLastSent: round(seconds, 3),
      secondsDueToLastSent: round((lastSent - dueAt) / 1000, 3),
      channels,
      notifications,
      receiver: {
        requests: receiver.hooks.length,
        distinctDeliveries: distinctHooks,
        seconds: round(arrivalSeconds, 3),
      },
      worker: { ...workerEnv, DATABASE_URL: undefined, SMTP_URL: undefined },
    };
    log(`    ${JSON.stringify({ ...result, worker: undefined })}`);
    if (notifications !== count || distinctHooks !== count) {
      throw new Error(`expected ${count} notifications and webhooks, got ${notifications} and ${distinctHooks}`);
    }
    return result;
  } finally {
    await worker?.stop('SIGTERM');
    await redis.stop();
    await receiver.close();
  }
}

export async function runRemindersBench(): Promise<{ figures: Figure[]; ok: boolean }> {
  const started = performance.now();
  const app = loadAppConfig();
  const clock = new SystemClock(app.officeTimezone);
  const figures: Figure[] = [];
  log(`creating and migrating the bench database …`);
  const bench = await createBenchDatabase();
  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: dropping ${bench.name}`);
    void bench.drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const db = bench.dataSource;
    const [{ server_version: postgres }] = await db.query('SHOW server_version');
    log(
      `loading ${settings.agreements} agreements × ${settings.milestonesPerAgreement} milestones into ${bench.name} …`,
    );
    const loaded = await timed(() =>
      loadDataset(db, {
        agreements: settings.agreements,
        milestonesPerAgreement: settings.milestonesPerAgreement,
        today: clock.today(),
      }),
    );
    log(`    loaded in ${round(loaded.ms / 1000, 1)} s: ${JSON.stringify(loaded.result.loadSeconds)}`);

    const planning = await benchPlanning(db, clock, figures);
    const scan = await benchScan(db, figures);
    const delivery = await benchDelivery(db, bench.url, figures);

    const ok = figures.every((f) => f.pass !== false);
    console.log(
      `\n${formatTable(`Reminder benchmark (${settings.agreements.toLocaleString('en-US')} agreements)`, figures)}\n`,
    );
    writeJson(RESULTS, {
      bench: 'reminders',
      at: new Date().toISOString(),
      machine: machineInfo(postgres),
      settings,
      dataset: { ...loaded.result, totalLoadSeconds: round(loaded.ms / 1000, 1) },
      figures,
      planning,
      scan,
      delivery,
      totalSeconds: round((performance.now() - started) / 1000, 1),
      ok,
    });
    log(`results written to ${RESULTS}; ${ok ? 'every target met' : 'some targets MISSED'}`);
    return { figures, ok };
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await bench.drop();
  }
}
