import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const entry = 'dist/apps/worker/src/main.js';

/**
 * The built worker as a real separate process, so a test can kill -9 it, SIGTERM it, or
 * run two. `npm test` builds before Jest runs; the first line below says so if not.
 */
export class WorkerProcess {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    const deadline = Date.now() + 20000;
    while (!worker.output.includes('worker ready')) {
      if (child.exitCode !== null) throw new Error(`worker exited at start: ${worker.output}`);
      if (Date.now() > deadline) throw new Error(`worker did not start: ${worker.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return worker;
  }

  get log(): string {
    return this.output;
  }

  /**
   * Sends a signal and resolves once the process has ended; `killed` says whether it had
   * to be killed after `timeoutMs` because it did not stop by itself.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20000): Promise<{ killed: boolean }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return { killed: false };
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    let killed = false;
    const timer = setTimeout(() => {
      killed = signal !== 'SIGKILL';
      this.child.kill('SIGKILL');
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
    return { killed };
  }
}
