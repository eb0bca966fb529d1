import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { loadAppConfig, loadRemindersConfig } from '../../config/index.js';
import { connectionOptions } from '../../libs/database/src/data-source.js';
import { SystemClock } from '../../libs/domain/src/calendar/clock.js';
import { dispatchDueReminders } from '../../libs/reminders/src/reminder-dispatch.js';
import { planReminders, type PlanContext } from '../../libs/reminders/src/reminder-planner.js';
import { freePort, RedisProcess } from '../support/redis-process.js';
import { WorkerProcess } from '../support/worker-process.js';
import {
  BareScan,
  BENCH_WEBHOOK_ID,
  benchLog,
  childPids,
  cpuMs,
  createBenchDatabase,
  dropOnSignal,
  env,
  type Figure,
  figure,
  formatTable,
  loadOrReuseDataset,
  machineCpuMs,
  machineInfo,
  median,
  noopJobsPerSecond,
  postgresVersion,
  ProductScan,
  round,
  type ScanRun,
  startWebhookSink,
  writeResults,
} from './support/index.js';

/**
 * The reminder numbers the issue demands, measured on this machine:
 *  (a) planning every reminder of 100k agreements / 1M milestones in one set-based pass < 60 s;
 *  (b) one scan for due reminders < 50 ms, on the partial index ix_reminder_due;
 *  (c) delivery by the real built worker to a local webhook receiver >= 500 reminders/s.
 * Issue 6 adds baselines run beside them: the worker's scan + enqueue of 10k due against the
 * same SQL on bare `pg` plus a bare BullMQ addBulk (<= 1.2x), and delivery against a no-op
 * BullMQ worker (>= 0.3x its jobs/s).
 * Sizes come from BENCH_* variables (see `settings`); results go to bench-results/reminders.json.
 */
const settings = {
  agreements: env('BENCH_AGREEMENTS', 100_000),
  milestonesPerAgreement: env('BENCH_MILESTONES_PER_AGREEMENT', 10),
  /** Also time a bare INSERT of the planned rows, the floor under the first pass (0 to skip). */
  planFloor: env('BENCH_PLAN_FLOOR', 1) === 1,
  scanDue: [env('BENCH_SCAN_DUE_SMALL', 1_000), env('BENCH_SCAN_DUE_LARGE', 10_000)],
  scanRuns: env('BENCH_SCAN_RUNS', 5),
  scanEnqueueDue: env('BENCH_SCAN_ENQUEUE_DUE', 10_000),
  scanEnqueueRuns: env('BENCH_SCAN_ENQUEUE_RUNS', 5),
  deliveryReminders: env('BENCH_DELIVERY_REMINDERS', 10_000),
  noopRuns: env('BENCH_NOOP_RUNS', 3),
  scanEveryMs: env('BENCH_SCAN_EVERY_MS', 200),
  /** Which parts run (BENCH_PARTS=scan,delivery); planning always runs on an empty plan. */
  parts: new Set((process.env.BENCH_PARTS ?? 'plan,scan,scanEnqueue,delivery').split(',')),
};

const TARGET = { planSeconds: 60, scanMs: 50, remindersPerSecond: 500, scanEnqueueRatio: 1.2, deliveryRatio: 0.3 };
const RESULTS = 'bench-results/reminders.json';

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const log = benchLog('reminders');

const load = () => os.loadavg().map((v) => round(v, 2));
const fmt = (n: number) => n.toLocaleString('en-US');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** WAL written and checkpoints started since `before` (server-wide counters). */
async function walSince(db: DataSource, before?: { lsn: string; checkpoints: number }) {
  const [now] = await db.query(
    `SELECT pg_current_wal_lsn()::text AS lsn, (SELECT checkpoints_req + checkpoints_timed FROM pg_stat_bgwriter)::int AS checkpoints`,
  );
  if (!before) return { mark: now as { lsn: string; checkpoints: number }, walMiB: 0, checkpoints: 0 };
  const [{ bytes }] = await db.query('SELECT pg_wal_lsn_diff($1, $2)::float8 AS bytes', [now.lsn, before.lsn]);
  return { mark: now, walMiB: Math.round(bytes / 2 ** 20), checkpoints: now.checkpoints - before.checkpoints };
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

/**
 * (a) The whole plan in one transaction: first on an empty plan, then the nightly replan
 * with the plan in place. The first pass is mostly writing rows; a bare INSERT of the same
 * rows into the same table shows how much of it the planner's own work is.
 */
async function benchPlanning(db: DataSource, clock: SystemClock, figures: Figure[]) {
  log('(a) planning reminders for every agreement in one pass …');
  const wal = await walSince(db);
  const first = await timed(() => db.transaction((tx) => planReminders(tx, null, planContext(clock))));
  const firstWal = await walSince(db, wal.mark);
  log(`    first pass: ${round(first.ms / 1000, 2)} s, ${JSON.stringify(first.result)}, WAL ${firstWal.walMiB} MiB`);
  figures.push(
    figure('plan.first', '(a) plan every reminder, first pass (empty plan)', round(first.ms / 1000, 2), 's', {
      op: '<',
      value: TARGET.planSeconds,
    }),
  );
  await db.query('VACUUM ANALYZE reminder');

  let floor: { seconds: number; walMiB: number; checkpoints: number } | null = null;
  if (settings.planFloor) {
    log('    bare INSERT of the same rows (rolled back) …');
    floor = await rolledBack(db, async (m) => {
      await m.query(
        `CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
         SELECT agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at FROM reminder
          ORDER BY agreement_id, milestone_id NULLS FIRST, kind, target_on, fire_at DESC`,
      );
      await m.query('TRUNCATE reminder CASCADE');
      const before = await walSince(db);
      const insert = await timed(() =>
        m.query(
          `INSERT INTO reminder (agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at)
           SELECT agreement_id, milestone_id, kind, offset_days, target_on, due_on, fire_at FROM bench_plan`,
        ),
      );
      const after = await walSince(db, before.mark);
      return { seconds: round(insert.ms / 1000, 2), walMiB: after.walMiB, checkpoints: after.checkpoints };
    });
    log(`    bare INSERT: ${floor.seconds} s, WAL ${floor.walMiB} MiB`);
    figures.push(
      figure('plan.floor', '(a) bare INSERT of the same rows (6 indexes, 2 foreign keys)', floor.seconds, 's'),
    );
  }

  // What is already due when the plan is first made would have gone out long ago in a
  // running system: mark it sent, so the due set is what the scan benchmarks choose.
  const history = await settleDueAsHistory(db);
  await db.query('VACUUM ANALYZE reminder');
  log(`    ${fmt(history)} reminders already due at planning marked sent as history`);

  const walAgain = await walSince(db);
  const again = await timed(() => db.transaction((tx) => planReminders(tx, null, planContext(clock))));
  const againWal = await walSince(db, walAgain.mark);
  log(`    replan: ${round(again.ms / 1000, 2)} s, ${JSON.stringify(again.result)}, WAL ${againWal.walMiB} MiB`);
  figures.push(
    figure('plan.replan', '(a) replan every reminder, nightly pass (plan in place)', round(again.ms / 1000, 2), 's', {
      op: '<',
      value: TARGET.planSeconds,
    }),
  );
  await db.query('VACUUM ANALYZE reminder');

  const rows: Array<{ kind: string; state: string; n: number }> = await db.query(
    `SELECT kind, state, count(*)::int AS n FROM reminder GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  figures.push(figure('plan.rows', '(a) reminder rows in the plan', total, 'rows'));
  return {
    firstPass: { seconds: round(first.ms / 1000, 2), ...first.result, ...firstWal, mark: undefined },
    bareInsert: floor,
    historyMarkedSent: history,
    replan: { seconds: round(again.ms / 1000, 2), ...again.result, ...againWal, mark: undefined },
    reminders: rows,
  };
}

/**
 * Marks every reminder due by now as sent long ago, as a running system would have it; the
 * benchmarks then choose what is due. Run again before each part, in case the office hour
 * passed meanwhile.
 */
async function settleDueAsHistory(db: DataSource): Promise<number> {
  const [{ n }] = await db.query(
    `WITH settled AS (
       UPDATE reminder SET state = 'sent', dispatched_at = fire_at, sent_at = fire_at, attempts = 1
        WHERE state = 'pending' AND dispatched_at IS NULL AND fire_at <= now()
          AND id NOT IN (SELECT id FROM bench_moved)
       RETURNING 1)
     SELECT count(*)::int AS n FROM settled`,
  );
  return n;
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
 * that match `where`, moved into the last hour. Their own times are kept to put back.
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

/** Puts moved reminders back as they were: undispatched, at their own time, no deliveries. */
async function restoreMoved(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM notification WHERE reminder_id IN (SELECT id FROM bench_moved)`);
  await db.query(`DELETE FROM reminder_delivery WHERE reminder_id IN (SELECT id FROM bench_moved)`);
  await db.query(
    `UPDATE reminder r SET fire_at = m.fire_at, dispatched_at = NULL, state = 'pending', sent_at = NULL
       FROM bench_moved m WHERE r.id = m.id`,
  );
  await db.query('TRUNCATE bench_moved');
  await db.query('VACUUM ANALYZE reminder');
  await db.query('VACUUM ANALYZE reminder_delivery');
}

/**
 * (b) The statement of dispatchDueReminders with 1k and 10k reminders due among all
 * planned ones, each run rolled back. Two numbers per size: the scan proper (finding and
 * locking the due rows, the `due` step as EXPLAIN ANALYZE times it) and the whole
 * statement (scan, claim, and every delivery row written). Then the scan with nothing due
 * while 10k reminders are with the queue, as the worker runs it every few seconds.
 */
async function benchScan(db: DataSource, figures: Figure[]) {
  log('(b) scanning for due reminders …');
  const [{ pending }] = await db.query(
    `SELECT count(*)::int AS pending FROM reminder WHERE state = 'pending' AND dispatched_at IS NULL`,
  );
  // The plan, and how long the `due` step takes inside the whole statement.
  const explainRuns = async (sql: string, params: unknown[]) => {
    const explain = (format: 'JSON' | 'TEXT') =>
      rolledBack(db, (m) => m.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT ${format}) ${sql}`, params));
    const inStatementMs: number[] = [];
    let usesIndex = true;
    for (let run = 0; run < settings.scanRuns; run++) {
      const [{ 'QUERY PLAN': plan }] = await explain('JSON');
      const scan = findNode(plan[0].Plan as PlanNode, (n) => n['Subplan Name'] === 'CTE due')!;
      inStatementMs.push(scan['Actual Total Time']!);
      usesIndex &&= !!findNode(scan, (n) => n['Index Name'] === 'ix_reminder_due');
    }
    const text = (await explain('TEXT')).map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
    return { inStatementMs, usesIndex, text };
  };
  // Wall-clock time of `work` inside a transaction, without BEGIN and ROLLBACK; the first run warms up.
  const timeRuns = async <T>(work: (m: EntityManager) => Promise<T>) => {
    const ms: number[] = [];
    let result: T | undefined;
    for (let run = 0; run <= settings.scanRuns; run++) {
      await rolledBack(db, async (m) => {
        const once = await timed(() => work(m));
        if (run > 0) ms.push(once.ms);
        result = once.result;
      });
    }
    return { ms, result: result as T };
  };
  const measure = async (now: Date, batch: number, expected: number) => {
    const { sql, params } = await dispatchStatement(now, batch);
    // The scan proper: the statement's `due` step on its own (find and lock the due rows).
    const due = /WITH due AS \(([\s\S]*?)\),\s*claimed AS \(/.exec(sql)?.[1];
    if (!due) throw new Error('cannot find the `due` step in the dispatch statement');
    const scan = await timeRuns(async (m) => (await m.query(`SELECT count(*)::int AS n FROM (${due}) d`, params))[0].n);
    if (scan.result !== expected) throw new Error(`${scan.result} due, expected ${expected}`);
    const statement = await timeRuns((m) => dispatchDueReminders(m, now, batch));
    if (statement.result !== expected) throw new Error(`dispatched ${statement.result} of ${expected}`);
    const deliveries: number = await rolledBack(db, async (m) => {
      await dispatchDueReminders(m, now, batch);
      return (await m.query('SELECT count(*)::int AS n FROM reminder_delivery WHERE created_at = now()'))[0].n;
    });
    const explained = await explainRuns(sql, params);
    await db.query('VACUUM reminder_delivery'); // what the rolled-back runs left behind
    return { scanMs: scan.ms, statementMs: statement.ms, deliveries, ...explained };
  };

  const results: Record<string, unknown>[] = [];
  let due = 0;
  for (const size of settings.scanDue) {
    await settleDueAsHistory(db);
    await makeDue(db, new Date(), size - due);
    due = size;
    await db.query('VACUUM ANALYZE reminder');
    const { scanMs, statementMs, deliveries, inStatementMs, usesIndex, text } = await measure(new Date(), size, size);
    const label = `${fmt(size)} due`;
    figures.push(
      figure(`scan.${size}.scan`, `(b) ${label}: find + lock them (ix_reminder_due)`, round(median(scanMs), 2), 'ms', {
        op: '<',
        value: TARGET.scanMs,
      }),
      figure(
        `scan.${size}.statement`,
        `(b) ${label}: whole dispatch statement (+ ${fmt(deliveries)} deliveries)`,
        round(median(statementMs), 1),
        'ms',
        { op: '<', value: TARGET.scanMs },
      ),
    );
    if (!usesIndex) figures.push(figure(`scan.${size}.index`, `(b) ${label}: plan uses ix_reminder_due`, 0, '(no)'));
    log(
      `    ${label}: scan ${round(median(scanMs), 2)} ms [${scanMs.map((v) => round(v, 2)).join(', ')}], ` +
        `statement ${round(median(statementMs), 1)} ms [${statementMs.map((v) => round(v, 1)).join(', ')}], ` +
        `uses ix_reminder_due: ${usesIndex}`,
    );
    if (size === settings.scanDue[0])
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS), dispatch statement, ${label}:\n${text}\n`);
    results.push({
      due: size,
      pendingUndispatched: pending,
      deliveriesWritten: deliveries,
      usesIxReminderDue: usesIndex,
      scanMs: scanMs.map((v) => round(v, 3)),
      dueStepInStatementMs: inStatementMs.map((v) => round(v, 3)),
      statementMs: statementMs.map((v) => round(v, 2)),
      explain: text,
    });
  }

  // Hand every due reminder to the queue for real, then scan again with nothing due.
  const inFlight = await db.transaction((tx) => dispatchDueReminders(tx, new Date(), due));
  await db.query('ANALYZE reminder'); // no VACUUM: the claimed rows' old index entries stay, as between scans
  const idle = await measure(new Date(), 5_000, 0);
  figures.push(
    figure(
      'scan.idle',
      `(b) nothing due, ${fmt(inFlight)} with the queue: whole dispatch statement`,
      round(median(idle.statementMs), 2),
      'ms',
      { op: '<', value: TARGET.scanMs },
    ),
  );
  log(
    `    nothing due, ${fmt(inFlight)} in flight: statement ${round(median(idle.statementMs), 2)} ms, ` +
      `uses ix_reminder_due: ${idle.usesIndex}`,
  );
  results.push({
    due: 0,
    inFlight,
    usesIxReminderDue: idle.usesIndex,
    scanMs: idle.scanMs.map((v) => round(v, 3)),
    statementMs: idle.statementMs.map((v) => round(v, 2)),
    explain: idle.text,
  });
  await restoreMoved(db);
  return results;
}

/** Puts the scan + enqueue runs' due set back: undispatched, no deliveries, an empty Redis. */
async function resetDue(db: DataSource, redis: RedisProcess): Promise<void> {
  await db.query(`DELETE FROM notification WHERE reminder_id IN (SELECT id FROM bench_moved)`);
  await db.query(`DELETE FROM reminder_delivery WHERE reminder_id IN (SELECT id FROM bench_moved)`);
  await db.query(`UPDATE reminder r SET dispatched_at = NULL FROM bench_moved m WHERE r.id = m.id`);
  await settleDueAsHistory(db);
  await db.query('VACUUM ANALYZE reminder');
  await db.query('VACUUM ANALYZE reminder_delivery');
  await redis.flushAll();
}

/**
 * (b) What the worker's scan job does, end to end, with 10k reminders due: claim them, write
 * their delivery rows, hand every delivery to BullMQ in a private Redis. Beside it, on the
 * same due set (put back before every run), the same SQL on a bare `pg` client plus one bare
 * BullMQ addBulk. Sides alternate which goes first; the first round warms both up.
 */
async function benchScanEnqueue(db: DataSource, url: string, figures: Figure[]) {
  const count = settings.scanEnqueueDue;
  log(`(b) scan + enqueue with ${fmt(count)} due: the worker's scan vs bare pg + BullMQ …`);
  const config = loadRemindersConfig();
  const redis = await RedisProcess.start();
  const client = new pg.Client({ connectionString: url, options: connectionOptions }); // as the app's pool connects
  await client.connect();
  const target = { url: redis.url, prefix: 'mou_bench' };
  const sides = { product: new ProductScan(db, target, config), bare: new BareScan(client, target, config) };
  try {
    await settleDueAsHistory(db);
    if ((await makeDue(db, new Date(), count)).length !== count) throw new Error(`cannot make ${count} due`);
    const runs: Record<keyof typeof sides, ScanRun[]> = { product: [], bare: [] };
    let jobs = 0;
    for (let run = 0; run <= settings.scanEnqueueRuns; run++) {
      for (const side of run % 2 ? (['bare', 'product'] as const) : (['product', 'bare'] as const)) {
        await resetDue(db, redis);
        const result = await sides[side].run(new Date());
        const queued = await sides.bare.queue.getWaitingCount();
        if (result.dispatched !== count || result.enqueued !== queued || (jobs && queued !== jobs)) {
          throw new Error(`${side}: ${JSON.stringify(result)}, ${queued} jobs waiting, expected ${count} / ${jobs}`);
        }
        jobs = queued;
        if (run > 0) runs[side].push(result);
      }
    }
    const summary = (list: ScanRun[]) => ({
      ms: round(median(list.map((r) => r.ms)), 1),
      sqlMs: round(median(list.map((r) => r.ms - r.enqueueMs)), 1),
      enqueueMs: round(median(list.map((r) => r.enqueueMs)), 1),
      runsMs: list.map((r) => round(r.ms, 1)),
    });
    const product = summary(runs.product);
    const bare = summary(runs.bare);
    const ratio = round(product.ms / bare.ms, 2);
    const pairedRatios = runs.product.map((r, i) => round(r.ms / runs.bare[i].ms, 2));
    const label = `(b) scan + enqueue, ${fmt(count)} due (${fmt(jobs)} jobs)`;
    figures.push(
      figure('scanEnqueue.product', `${label}: the worker's scan`, product.ms, 'ms'),
      figure('scanEnqueue.bare', `${label}: same SQL on bare pg + one addBulk`, bare.ms, 'ms'),
      figure('scanEnqueue.ratio', `${label}: worker / bare`, ratio, '×', {
        op: '<=',
        value: TARGET.scanEnqueueRatio,
      }),
    );
    log(`    worker ${JSON.stringify(product)}; bare ${JSON.stringify(bare)}; ratio ${ratio}, paired ${pairedRatios}`);
    return { due: count, jobs, batch: config.scanBatch, product, bare, ratio, pairedRatios };
  } finally {
    await sides.product.close();
    await sides.bare.close();
    await client.end();
    await redis.stop();
    await restoreMoved(db);
  }
}

/** CPU used so far by the processes taking part in the delivery run, in ms. */
async function cpuSnapshot(db: DataSource) {
  // The worker logs in as the application role; this process as the schema owner.
  const backends: Array<{ pid: number }> = await db.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename <> current_user`,
  );
  return {
    worker: childPids('apps/worker/src/main.js').reduce((sum, pid) => sum + cpuMs(pid), 0),
    backends: new Map(backends.map(({ pid }) => [pid, cpuMs(pid)])),
    redis: childPids('redis-server').reduce((sum, pid) => sum + cpuMs(pid), 0),
    bench: cpuMs('self'),
    machine: machineCpuMs(),
  };
}

function cpuUsed(before: Awaited<ReturnType<typeof cpuSnapshot>>, after: Awaited<ReturnType<typeof cpuSnapshot>>) {
  let postgres = 0;
  for (const [pid, ms] of after.backends) postgres += ms - (before.backends.get(pid) ?? 0);
  const ours = {
    worker: after.worker - before.worker,
    postgres,
    redis: after.redis - before.redis,
    bench: after.bench - before.bench,
  };
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  const own = ours.worker + ours.postgres + ours.redis + ours.bench;
  return { ...ours, machineBusyPct: round((busy / total) * 100, 1), othersPct: round(((busy - own) / total) * 100, 1) };
}

/**
 * (c) The real worker process, its own Redis, and a local receiver that answers 200 at
 * once: N reminders come due at once (in-app + webhook each; no contacts, so no mail), and
 * the clock runs from the first dispatch to the last reminder marked sent.
 */
async function benchDelivery(db: DataSource, url: string, figures: Figure[]) {
  const count = settings.deliveryReminders;
  log(`(c) delivering ${fmt(count)} reminders through the built worker …`);
  const sink = await startWebhookSink();
  const redis = await RedisProcess.start();
  let worker: WorkerProcess | undefined;
  try {
    await db.query('UPDATE webhook SET url = $2 WHERE id = $1', [BENCH_WEBHOOK_ID, sink.url]);
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
    await sleep(1000); // its first scans find nothing
    const loadBefore = load();
    const before = await cpuSnapshot(db);

    await settleDueAsHistory(db);
    const dueAt = Date.now();
    const ids = await makeDue(db, new Date(), count, `a.contacts = '{}'`);
    if (ids.length !== count) throw new Error(`only ${ids.length} reminders could be made due`);

    // Cheap to ask: the deliveries table holds little more than this run's rows.
    const ours = 'reminder_id IN (SELECT id FROM bench_moved)';
    const deadline = Date.now() + 120_000 + count * 20;
    let progress = { sent: -1, at: Date.now() };
    for (;;) {
      const [d] = await db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'pending')::int AS pending,
                count(*) FILTER (WHERE state = 'sent')::int AS sent FROM reminder_delivery WHERE ${ours}`,
      );
      if (d.total === 2 * count && d.pending === 0) {
        const [{ open }] = await db.query(
          `SELECT count(*)::int AS open FROM bench_moved m JOIN reminder r USING (id) WHERE r.state = 'pending'`,
        );
        if (open === 0) break;
      }
      if (d.sent !== progress.sent) progress = { sent: d.sent, at: Date.now() };
      if (Date.now() > deadline || Date.now() - progress.at > 30_000) {
        const states = await db.query(
          `SELECT channel, state, count(*)::int AS n FROM reminder_delivery WHERE ${ours} GROUP BY 1, 2 ORDER BY 1, 2`,
        );
        throw new Error(
          `delivery stalled: deliveries ${JSON.stringify(states)}\nworker log:\n${worker.log.slice(-3000)}`,
        );
      }
      await sleep(250);
    }
    const used = cpuUsed(before, await cpuSnapshot(db));
    const loadAfter = load();
    await worker.stop('SIGTERM'); // the baseline below has the machine to itself, as the worker had

    const [r] = await db.query(
      `SELECT count(*) FILTER (WHERE r.state = 'sent')::int AS sent, count(*) FILTER (WHERE r.state = 'failed')::int AS failed,
              extract(epoch FROM min(r.dispatched_at)) * 1000 AS first_dispatch, extract(epoch FROM max(r.sent_at)) * 1000 AS last_sent
         FROM bench_moved m JOIN reminder r USING (id)`,
    );
    const channels: Array<{ channel: string; sent: number; total: number; last_sent: number }> = await db.query(
      `SELECT channel, count(*)::int AS total, count(*) FILTER (WHERE state = 'sent')::int AS sent,
              extract(epoch FROM max(sent_at)) * 1000 AS last_sent
         FROM reminder_delivery WHERE ${ours} GROUP BY channel ORDER BY channel`,
    );
    const [{ notifications }] = await db.query(`SELECT count(*)::int AS notifications FROM notification WHERE ${ours}`);
    const firstDispatch = Number(r.first_dispatch);
    const lastSent = Number(r.last_sent);
    const seconds = (lastSent - firstDispatch) / 1000;
    const webhook = channels.find((c) => c.channel === 'webhook');
    const webhookSeconds = webhook ? (Number(webhook.last_sent) - firstDispatch) / 1000 : NaN;
    const received = sink.stats();
    const deliveriesSent = channels.reduce((sum, c) => sum + c.sent, 0);
    const deliveriesSeconds = (Math.max(...channels.map((c) => Number(c.last_sent))) - firstDispatch) / 1000;
    const deliveriesPerSecond = round(deliveriesSent / deliveriesSeconds, 1);

    // The baseline: a no-op BullMQ worker in its own process, same Redis, another prefix.
    const jobs = channels.reduce((sum, c) => sum + c.total, 0);
    const config = loadRemindersConfig();
    const noopRuns: Awaited<ReturnType<typeof noopJobsPerSecond>>[] = [];
    for (let run = 0; run < settings.noopRuns; run++) {
      noopRuns.push(await noopJobsPerSecond(redis.url, `mou_bench_noop${run}`, jobs, config));
    }
    const noop = noopRuns.map((r) => r.jobsPerSecond);
    const noopPerSecond = round(median(noop), 1);
    const noopCpuPerJob = round(median(noopRuns.map((r) => (r.cpuMs.worker + r.cpuMs.redis) / jobs)), 3);
    const deliveryRatio = round(deliveriesPerSecond / noopPerSecond, 2);
    const perReminder = (ms: number) => round(ms / count, 2);
    const cpuPerReminder = perReminder(used.worker + used.postgres + used.redis + used.bench);

    figures.push(
      figure(
        'deliver.reminders',
        `(c) reminders fully sent per second (${fmt(count)} reminders)`,
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
      figure('deliver.deliveries', '(c) deliveries sent per second, all channels', deliveriesPerSecond, 'jobs/s'),
      figure(
        'deliver.noop',
        `(c) baseline: no-op BullMQ worker (own process, concurrency ${config.deliveryConcurrency}), ${fmt(jobs)} jobs`,
        noopPerSecond,
        'jobs/s',
      ),
      figure('deliver.ratio', '(c) deliveries/s: worker / no-op worker', deliveryRatio, '×', {
        op: '>=',
        value: TARGET.deliveryRatio,
      }),
      figure(
        'deliver.cpu.job',
        '(c) CPU per delivery job, all processes',
        round((used.worker + used.postgres + used.redis + used.bench) / jobs, 2),
        'ms',
      ),
      figure('deliver.noop.cpu', '(c) CPU per job, no-op worker + Redis', noopCpuPerJob, 'ms'),
      figure('deliver.latency', '(c) from due to the last reminder sent', round((lastSent - dueAt) / 1000, 2), 's'),
      figure('deliver.cpu.worker', '(c) CPU per reminder: worker process', perReminder(used.worker), 'ms'),
      figure('deliver.cpu.postgres', '(c) CPU per reminder: PostgreSQL backends', perReminder(used.postgres), 'ms'),
      figure('deliver.cpu.other', '(c) CPU per reminder: Redis + receiver', perReminder(used.redis + used.bench), 'ms'),
      figure(
        'deliver.ceiling',
        `(c) CPU ceiling at ${cpuPerReminder} ms/reminder on ${os.availableParallelism()} cores`,
        round((os.availableParallelism() * 1000) / cpuPerReminder, 0),
        'reminders/s',
      ),
      figure('deliver.others', '(c) machine CPU used by other processes meanwhile', used.othersPct, '%'),
    );
    const result = {
      reminders: count,
      sent: r.sent,
      failed: r.failed,
      secondsFirstDispatchToLastSent: round(seconds, 3),
      secondsDueToLastSent: round((lastSent - dueAt) / 1000, 3),
      channels,
      notifications,
      receiver: received,
      deliveriesPerSecond,
      noopBaseline: {
        jobs,
        concurrency: config.deliveryConcurrency,
        jobsPerSecond: noop.map((v) => round(v, 1)),
        cpuMs: noopRuns.map((r) => r.cpuMs),
      },
      deliveryRatio,
      cpuMs: used,
      loadAverage: { before: loadBefore, after: loadAfter },
      worker: { ...workerEnv, DATABASE_URL: undefined, SMTP_URL: undefined, REDIS_URL: undefined },
    };
    log(`    ${JSON.stringify({ ...result, worker: undefined, channels: undefined })}`);
    if (notifications !== count || received.distinct !== count) {
      throw new Error(`expected ${count} notifications and webhooks, got ${notifications} and ${received.distinct}`);
    }
    return result;
  } finally {
    await worker?.stop('SIGTERM');
    await redis.stop();
    await sink.close();
  }
}

export async function runRemindersBench(): Promise<{ figures: Figure[]; ok: boolean }> {
  const started = performance.now();
  const clock = new SystemClock(loadAppConfig().officeTimezone);
  const figures: Figure[] = [];
  log('creating and migrating the bench database …');
  const bench = await createBenchDatabase();
  const release = dropOnSignal(bench, (signal) => log(`${signal}: dropping ${bench.name}`));
  try {
    const db = bench.dataSource;
    const postgres = await postgresVersion(db);
    const loadAtStart = load();
    const loaded = await loadOrReuseDataset(
      db,
      {
        agreements: settings.agreements,
        milestonesPerAgreement: settings.milestonesPerAgreement,
        today: clock.today(),
      },
      log,
    );

    // The reminders a part has made due, with their own times to put back.
    await db.query('CREATE TABLE IF NOT EXISTS bench_moved (id uuid PRIMARY KEY, fire_at timestamptz NOT NULL)');
    await restoreMoved(db); // what an interrupted run on a kept database left moved
    const [{ planned }] = await db.query('SELECT EXISTS (SELECT 1 FROM reminder) AS planned');
    const part = <T>(name: string, run: () => Promise<T>) =>
      settings.parts.has(name) || (name === 'plan' && !planned) ? run() : Promise.resolve(null);
    const planning = await part('plan', () => benchPlanning(db, clock, figures));
    const scan = await part('scan', () => benchScan(db, figures));
    const scanEnqueue = await part('scanEnqueue', () => benchScanEnqueue(db, bench.url, figures));
    const delivery = await part('delivery', () => benchDelivery(db, bench.url, figures));

    const ok = figures.every((f) => f.pass !== false);
    const title =
      `Reminder benchmark: ${fmt(settings.agreements)} agreements, ${fmt(settings.agreements * settings.milestonesPerAgreement)} milestones; ` +
      `${os.availableParallelism()} cores, PostgreSQL ${postgres}; load average at start ${loadAtStart.join(' ')}`;
    console.log(`\n${formatTable(title, figures)}\n`);
    writeResults(RESULTS, log, started, {
      bench: 'reminders',
      machine: { ...machineInfo(postgres), loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() },
      settings,
      dataset: loaded,
      figures,
      planning,
      scan,
      scanEnqueue,
      delivery,
      ok,
    });
    return { figures, ok };
  } finally {
    release();
    await bench.drop();
  }
}
