import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { builtEntry, exited, spawnBuilt, type Output } from './support/built-process.js';
import { freePort, RedisProcess } from './support/redis-process.js';
import { cloneTemplate, dropDatabase } from './support/test-database.js';
import { eventually } from './support/test-worker.js';

/**
 * `npm start` runs scripts/start.js over the build: the API and the worker side by side,
 * both stopped by one SIGTERM, and both stopped when either dies.
 */
let database: { name: string; url: string };
let redis: RedisProcess;
/** Every process a test started: start.js and its two children. */
let spawned: number[] = [];

beforeAll(async () => {
  database = await cloneTemplate();
  redis = await RedisProcess.start();
});
afterEach(async () => {
  // A test that failed half-way must not leave its processes to the next (or running on).
  for (const pid of spawned) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await eventually(() => expect(spawned.filter(alive)).toEqual([]));
  spawned = [];
});
afterAll(async () => {
  await redis?.stop();
  if (database) await dropDatabase(database.name);
});

/** The pid of the process's child that runs `entry`. */
function childRunning(pid: number, entry: string): number | undefined {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => l.includes(entry));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** Running, not ended (a zombie not yet reaped has ended too). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts `npm start`'s script and waits until the API answers and the worker is ready. */
async function start(): Promise<{ child: ChildProcess; output: Output; port: number; api: number; worker: number }> {
  const port = await freePort();
  const { child, output } = spawnBuilt(builtEntry.start, {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'start_script',
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: 'start.script@mdes.go.th',
    ADMIN_PASSWORD: 'a long first admin passphrase for start.js',
    REMINDER_SCAN_EVERY_MS: '3600000',
  });
  spawned.push(child.pid!);
  await eventually(
    async () => {
      expect(child.exitCode).toBeNull();
      expect(output.stdout).toContain('MOU Tracker worker ready');
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
    },
    60_000,
    250,
  );
  const api = childRunning(child.pid!, builtEntry.api)!;
  const worker = childRunning(child.pid!, builtEntry.worker)!;
  spawned.push(api, worker);
  expect([alive(api), alive(worker)]).toEqual([true, true]);
  return { child, output, port, api, worker };
}

async function refused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    () => false,
    () => true,
  );
}

describe('scripts/start.js', () => {
  it('runs the API and the worker, and stops both cleanly on SIGTERM', async () => {
    const { child, output, port, api, worker } = await start();
    child.kill('SIGTERM');
    expect(await exited(child, 30_000)).toEqual({ code: 0, signal: null });
    expect([alive(api), alive(worker)]).toEqual([false, false]);
    expect(await refused(port)).toBe(true);
    expect(output.stderr).not.toMatch(/exited .*stopping the rest/);
  }, 120_000);

  it.each(['worker', 'api'] as const)(
    'stops the other process and fails when the %s dies',
    async (victim) => {
      const started = await start();
      process.kill(started[victim], 'SIGKILL');
      expect(await exited(started.child, 30_000)).toEqual({ code: 1, signal: null });
      expect(started.output.stderr).toContain(`${victim} exited (SIGKILL); stopping the rest`);
      expect([alive(started.api), alive(started.worker)]).toEqual([false, false]);
      expect(await refused(started.port)).toBe(true);
    },
    120_000,
  );
});
