import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/configure-app.js';
import { createFastifyAdapter } from '../../apps/api/src/create-app.js';
import { loadAppConfig } from '../../config/index.js';
import { Clock, FixedClock } from '../../libs/domain/src/index.js';
import { cloneTemplate, dropDatabase, uniqueName } from './test-database.js';
import { createTestUsers } from './test-users.js';

type TestUsers = Awaited<ReturnType<typeof createTestUsers>>;
type Agent = ReturnType<typeof request.agent>;

export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

export interface TestApp {
  app: NestFastifyApplication;
  /** Signed in as a manager of MDES (may edit every agency's records). */
  http: Agent;
  /** Signed in as the given test user. */
  as(user: keyof TestUsers): Agent;
  /** No token at all. */
  anonymous: ReturnType<typeof request>;
  users: TestUsers;
  clock: FixedClock;
  dataSource: DataSource;
  /** Counts SQL statements a route sends while `work` runs (for N+1 checks), the auth look-up aside. */
  countQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }>;
  /** Like countQueries, keeping each statement's parameters too (to EXPLAIN what the app sends). */
  captureQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>;
  /** Runs SQL as the schema owner (ANALYZE, tampering behind the application's back). */
  ownerQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The real API on its own cloned database and Redis prefix, with the office clock
 * standing at `now` (default 2026-11-26 09:00 Bangkok). `databaseUrl` may route the
 * app's connections elsewhere (through a TcpProxy, say); ownerQuery still goes direct.
 */
export async function startTestApp(
  now = '2026-11-26T02:00:00Z',
  options: { databaseUrl?: (url: string) => string } = {},
): Promise<TestApp> {
  const database = await cloneTemplate();
  process.env.DATABASE_URL = options.databaseUrl?.(database.url) ?? database.url;
  process.env.REDIS_PREFIX = uniqueName('mou_test');
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.DATABASE_POOL_SIZE = '5';

  // The office zone as configured (OFFICE_TIMEZONE, Asia/Bangkok by default), as ClockModule does.
  const clock = new FixedClock(now, loadAppConfig().officeTimezone);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger: false }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const users = await createTestUsers(dataSource, app.get(JwtService));
  const as = (user: keyof TestUsers) =>
    request.agent(app.getHttpServer()).set('Authorization', `Bearer ${users[user].token}`);

  return {
    app,
    http: as('manager'),
    as,
    anonymous: request(app.getHttpServer()),
    users,
    clock,
    dataSource,
    async countQueries(work) {
      const { result, queries } = await captureQueries(dataSource, work);
      return { result, queries: queries.map((q) => q.sql) };
    },
    captureQueries: (work) => captureQueries(dataSource, work),
    async ownerQuery(sql, params = []) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      await app.close();
      await dropDatabase(database.name);
    },
  };
}

/** Records every statement (and its parameters) the data source sends while `work` runs. */
async function captureQueries<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const logger = dataSource.logger;
  const original = logger.logQuery;
  logger.logQuery = (query, parameters, runner) => {
    // The access guard's one look-up of the caller is the same for every request; the
    // counts are about what a route itself sends.
    if (!query.includes('FROM app_user WHERE id = $1')) {
      queries.push({ sql: query, parameters: Array.isArray(parameters) ? [...parameters] : [] });
    }
    return original.call(logger, query, parameters, runner);
  };
  try {
    return { result: await work(), queries };
  } finally {
    logger.logQuery = original;
  }
}
