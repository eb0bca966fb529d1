import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * The baseline the API bench compares against, in a process of its own: a bare Fastify
 * server with a bare `pg` pool of the API's size, no Nest, no guards, no validation, no
 * read model. GET /health answers the JSON the API's /health gave (without touching
 * PostgreSQL or Redis), GET /health-checked the same after the checks the API's /health
 * makes (`SELECT 1`, Redis PING); GET /q/<name> runs the named statements (the SQL and parameters
 * the API runs for that request, written to BARE_QUERIES by the bench) one after the
 * other and answers their rows as JSON.
 */
interface Statement {
  sql: string;
  params: unknown[];
}

const queries = JSON.parse(readFileSync(process.env.BARE_QUERIES!, 'utf8')) as Record<string, Statement[]>;
const healthBody = JSON.parse(process.env.BARE_HEALTH_BODY ?? '{"status":"ok"}') as unknown;
const pool = new pg.Pool({
  connectionString: process.env.BARE_DATABASE_URL,
  max: Number(process.env.BARE_POOL_SIZE ?? 10),
});

const redis = new Redis(process.env.BARE_REDIS_URL ?? 'redis://127.0.0.1:6379');

const app = Fastify({ logger: false });
app.get('/health', async () => healthBody);
app.get('/health-checked', async () => {
  await pool.query('SELECT 1');
  await redis.ping();
  return healthBody;
});
app.get<{ Params: { name: string } }>('/q/:name', async (request, reply) => {
  const statements = queries[request.params.name];
  if (!statements) return reply.code(404).send({ message: 'no such query' });
  const results: unknown[][] = [];
  for (const { sql, params } of statements) results.push((await pool.query(sql, params)).rows);
  return { results };
});

await app.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });
console.log('bare server listening');
const stop = () =>
  void app.close().then(() =>
    pool
      .end()
      .finally(() => redis.disconnect())
      .finally(() => process.exit(0)),
  );
process.once('SIGTERM', stop).once('SIGINT', stop);
