import { Redis } from 'ioredis';

/** A connection BullMQ can block on: workers need maxRetriesPerRequest null. */
export function createBullConnection(url: string): Redis {
  const connection = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
  });
  connection.on('error', () => undefined); // ioredis reconnects; the keeper notices lost data
  return connection;
}
