import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Stops a child process (SIGTERM) and waits for it to exit; nothing if it is gone already. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The resident memory of a process now, from /proc (Linux), in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) * 1024 : 0;
}

/**
 * The built API (`npm run build`) in a process of its own, as production runs it, on the
 * bench's database and a Redis prefix of the bench's; resolves once it listens.
 * BENCH_LOG_LEVEL shows its log (warn otherwise, and nothing on stdout).
 */
export async function startBenchApi(
  bench: string,
  options: { databaseUrl: string; port: number; jwtSecret: string },
): Promise<ChildProcess> {
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      REDIS_PREFIX: `mou_bench_${bench}_${process.pid}`,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      JWT_SECRET: options.jwtSecret,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  api.stdout!.on('data', (chunk: Buffer) => {
    if (process.env.BENCH_LOG_LEVEL) process.stdout.write(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    api.once('exit', (code) => reject(new Error(`the API exited with ${code} before listening`)));
    api.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
  });
  return api;
}

/**
 * The highest resident memory of a process while something runs: read once now (`before`)
 * and every `everyMs` until stop().
 */
export function rssPeakSampler(pid: number, everyMs: number): { before: number; peak(): number; stop(): void } {
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), everyMs);
  return { before, peak: () => peak, stop: () => clearInterval(sampler) };
}
