import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const SIGNING_KEY = 'jwt-signing-key';

/**
 * The key access tokens are signed with: JWT_SECRET when set, else this installation's
 * own, made at random on first start and kept in installation_secret. Every instance and
 * every restart reads the same row; concurrent first starts agree on the one inserted
 * first. No installation ever signs with a key printed anywhere.
 */
export async function loadSigningKey(db: DataSource, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const created: Array<{ name: string }> = await db.query(
    `INSERT INTO installation_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`,
    [SIGNING_KEY, randomBytes(48).toString('base64url')],
  );
  if (created.length) {
    new Logger('Auth').log('First start: made a key to sign access tokens with and kept it in the database');
  }
  const [row]: Array<{ value: string }> = await db.query('SELECT value FROM installation_secret WHERE name = $1', [
    SIGNING_KEY,
  ]);
  return row.value;
}
