import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { InstallationSecretRepository } from './installation-secret.repository.js';

const SIGNING_KEY = 'jwt-signing-key';

/**
 * The key access tokens are signed with: JWT_SECRET when set, else this installation's
 * own, made at random on first start and kept in installation_secret. Every instance and
 * every restart reads the same row; concurrent first starts agree on the one inserted
 * first. No installation ever signs with a key printed anywhere.
 */
export async function loadSigningKey(
  secrets: InstallationSecretRepository,
  configured: string | undefined,
): Promise<string> {
  if (configured) return configured;
  if (await secrets.insertIfAbsent(SIGNING_KEY, randomBytes(48).toString('base64url'))) {
    new Logger('Auth').log('First start: made a key to sign access tokens with and kept it in the database');
  }
  const key = await secrets.valueOf(SIGNING_KEY);
  // Unreachable unless the row is deleted between the two statements.
  if (key === null) throw new Error(`installation_secret ${SIGNING_KEY} is missing`);
  return key;
}
