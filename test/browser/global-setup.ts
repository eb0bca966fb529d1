import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from './support/free-port.js';
import { ADMIN, seed } from './support/seed.js';

const root = process.cwd();
const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, ok: (response: Response) => boolean, child: ChildProcess, what: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with ${child.exitCode}; see test-results/browser-*.log`);
    try {
      if (ok(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer ${url} within 60 s`);
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): ChildProcess {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(join(root, 'test-results', `browser-${name}.log`));
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/**
 * The built API (npm run build) on a free port, on a database of its own (the API creates
 * and migrates it at boot) and a Redis prefix of its own. The console is the API's
 * own /console/, as it ships.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const database = `mou_browser_${id}`;
  const redisPrefix = `mou_browser_${id}`;
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [];

  const teardown = async () => {
    for (const child of children.reverse()) await stop(child);
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  };

  try {
    const api = start(
      'api',
      ['dist/apps/api/src/main.js'],
      {
        DATABASE_URL: databaseUrl(database),
        REDIS_URL: redisUrl,
        REDIS_PREFIX: redisPrefix,
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
      root,
    );
    children.push(api);
    await waitFor(`${apiUrl}/health`, (r) => r.ok, api, 'API');

    const consoleUrl = `${apiUrl}/console/`;
    await waitFor(consoleUrl, (r) => r.ok && !!r.headers.get('content-type')?.includes('text/html'), api, 'console');

    const seeded = await seed(apiUrl);
    process.env.MOU_CONSOLE_URL = consoleUrl;
    process.env.MOU_API_URL = apiUrl;
    process.env.MOU_SEEDED = JSON.stringify(seeded);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
