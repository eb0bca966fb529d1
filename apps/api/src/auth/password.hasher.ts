import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at the OWASP Password Storage Cheat Sheet's first recommended setting:
 * 19 MiB of memory, two passes, one lane. `algorithm: 2` is Argon2id (the package
 * declares it as a const enum, which isolated modules cannot read).
 */
export const ARGON2ID_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes and checks passwords. Neither a password nor a hash ever leaves this class in a
 * response or a log line: callers get a hash to store, or a yes/no.
 */
@Injectable()
export class PasswordHasher {
  /** A hash of a random secret nobody knows, so an unknown email costs a real verification too. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2ID_OPTIONS);
  }

  /** False for a wrong password and for a stored value that is not an argon2 hash at all. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as verify() and always answers false: for a sign-in with an
   * email no user has, so the response time does not tell which emails exist.
   */
  async verifyNobody(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, password);
    return false;
  }
}
