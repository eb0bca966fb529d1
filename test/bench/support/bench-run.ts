import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { BenchDatabase } from './bench-database.js';
import { round } from './dataset.js';
import { writeJson } from './report.js';

/** A size or setting from a BENCH_* variable, or its default. */
export const env = (name: string, fallback: number): number =>
  process.env[name] ? Number(process.env[name]) : fallback;

/** A bench's progress log: `[bench:<name> hh:mm:ss] message`. */
export function benchLog(name: string): (message: string) => void {
  return (message) => console.log(`[bench:${name} ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/**
 * Ctrl-C or SIGTERM during a run: `first` (stop the bench's children), then the bench's
 * database is dropped and the process exits 130 or 143, so no database is left behind.
 * Returns what takes the handler off again once the run ends normally.
 */
export function dropOnSignal(bench: BenchDatabase, first: (signal: NodeJS.Signals) => void = () => {}): () => void {
  const stop = (signal: NodeJS.Signals) => {
    first(signal);
    void bench.drop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  return () => process.off('SIGINT', stop).off('SIGTERM', stop);
}

/** The PostgreSQL server's version, for the machine line of a report. */
export async function postgresVersion(db: DataSource): Promise<string> {
  const [{ server_version: version }]: Array<{ server_version: string }> = await db.query('SHOW server_version');
  return version;
}

/**
 * Writes a bench's results to `path` as `{ bench, at, …results, totalSeconds, ok }`, the
 * run's seconds counted from `started` (performance.now()), and logs where they went.
 */
export function writeResults(
  path: string,
  log: (message: string) => void,
  started: number,
  { bench, ok, ...results }: { bench: string; ok: boolean } & Record<string, unknown>,
): void {
  writeJson(path, {
    bench,
    at: new Date().toISOString(),
    ...results,
    totalSeconds: round((performance.now() - started) / 1000, 1),
    ok,
  });
  log(`results written to ${path}; ${ok ? 'every target met' : 'some targets MISSED'}`);
}
