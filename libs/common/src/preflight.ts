import { loadDatabaseConfig, loadRedisConfig } from '@mou/config';
import { ensureDatabase } from '@mou/database';
import { connectRedis } from './redis.module.js';

/**
 * Checks both services before Nest starts, so an unreachable PostgreSQL or Redis is one
 * line naming the URL tried, not a framework stack trace or a silent retry loop.
 * Creates the database on first start.
 */
export async function preflight(): Promise<void> {
  await ensureDatabase(loadDatabaseConfig().url);
  const redis = await connectRedis(loadRedisConfig().url);
  await redis.quit();
}
