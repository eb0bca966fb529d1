import pg from 'pg';

export default async function globalTeardown() {
  const name = process.env.MOU_TEST_TEMPLATE;
  if (!name) return;
  const client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
  });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
