import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtEntry, exited, spawnBuilt } from './support/built-process.js';
import { freePort, RedisProcess } from './support/redis-process.js';
import { cloneTemplate, databaseUrl, dropDatabase } from './support/test-database.js';

/**
 * What the README promises at boot: a malformed variable, or a PostgreSQL or Redis that
 * cannot be reached, stops the API and the worker with one line naming it (the URL with
 * its password hidden) and exit code 1. The built processes run as an operator starts them.
 */
let database: { name: string; url: string };
let redis: RedisProcess;
let nobody: number; // a port nothing listens on

beforeAll(async () => {
  database = await cloneTemplate();
  redis = await RedisProcess.start();
  nobody = await freePort();
});
afterAll(async () => {
  await redis?.stop();
  if (database) await dropDatabase(database.name);
});

async function boot(entry: string, env: Record<string, string>) {
  const { child, output } = spawnBuilt(entry, {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'boot_refusals',
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ...env,
  });
  const end = await exited(child);
  return { ...end, ...output, lines: output.stderr.trim().split('\n') };
}

const processes: Array<[string, string]> = [
  ['api', builtEntry.api],
  ['worker', builtEntry.worker],
];

describe.each(processes)('the %s refuses to start', (name, entry) => {
  it('on a malformed variable, naming it and the value', async () => {
    for (const [variable, value, problem] of [
      ['REMINDER_SCAN_EVERY_MS', 'often', /must be an integer number/],
      ['OFFICE_TIMEZONE', 'Mars/Olympus_Mons', /OFFICE_TIMEZONE/],
      ['TRUST_PROXY', 'every proxy', /must be true, false, a hop count, or comma-separated proxy addresses/],
    ] as const) {
      const run = await boot(entry, { [variable]: value });
      expect([variable, run.code]).toEqual([variable, 1]);
      expect(run.lines).toEqual([expect.stringMatching(new RegExp(`^${name}: Invalid configuration: ${variable} `))]);
      expect(run.stderr).toMatch(problem);
      expect(run.stderr).toContain(JSON.stringify(value));
    }
  }, 90_000);

  it('when PostgreSQL cannot be reached, naming the URL without its password', async () => {
    const url = databaseUrl('mou_tracker').replace(/\/\/([^@/]+)@[^/]+/, `//$1:s3cret@127.0.0.1:${nobody}`);
    const run = await boot(entry, { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `${name}: Cannot reach PostgreSQL at ${url.replace(':s3cret@', ':***@')} (ECONNREFUSED)`,
    ]);
    expect(run.stderr + run.stdout).not.toContain('s3cret');
  }, 60_000);

  it('when Redis cannot be reached, naming the URL without its password', async () => {
    const url = `redis://:s3cret@127.0.0.1:${nobody}`;
    const run = await boot(entry, { REDIS_URL: url });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([`${name}: Cannot reach Redis at redis://:***@127.0.0.1:${nobody} (ECONNREFUSED)`]);
    expect(run.stderr + run.stdout).not.toContain('s3cret');
  }, 60_000);
});
