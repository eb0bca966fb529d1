import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const builtEntry = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  start: 'scripts/start.js',
} as const;

/**
 * The environment a spawned process gets: what a shell has (PATH, HOME), none of what
 * test files set in this Jest worker (DATABASE_URL, REDIS_PREFIX...), and `env`.
 */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG } = process.env;
  return { PATH, HOME, LANG, LOG_LEVEL: 'warn', ...env };
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** A built entry point (`npm test` builds before Jest runs) as a process of its own. */
export function spawnBuilt(entry: string, env: Record<string, string>): { child: ChildProcess; output: Output } {
  // scripts/start.js runs the built entries too.
  const dist = entry.startsWith('dist/') ? entry : builtEntry.api;
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [entry], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

/** Resolves when the process has ended, with how; kills it and fails after `timeoutMs`. */
export function exited(
  child: ChildProcess,
  timeoutMs = 20000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}
