import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { authConfig, ConfigError } from '@mou/config';
import { passwordProblem, systemActor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { PasswordHasher } from '../auth/password.hasher.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/** No 0/O, 1/l/I: the password is read off a console and typed in. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function oneTimePassword(length = 20): string {
  return Array.from({ length }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/**
 * First start: with no user at all, creates the first admin, from ADMIN_EMAIL and
 * ADMIN_PASSWORD when set, else admin@localhost with a random password printed once to
 * stdout (with console.log, never the logger, whose lines may be shipped elsewhere).
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstAdmin();
  }

  /** Returns the new admin's id, or null when a user already existed. */
  async ensureFirstAdmin(): Promise<string | null> {
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    // Judged here rather than with the other variables, so the password dictionaries load
    // only in the API; a weak one stops the boot whether or not it is still needed.
    const weak = this.config.adminPassword && (await passwordProblem(this.config.adminPassword, [email]));
    if (weak) throw new ConfigError(`Invalid configuration: ADMIN_PASSWORD ${weak}`);
    if (await this.repository.anyUser()) return null;
    const generated = this.config.adminPassword ? undefined : oneTimePassword();
    const passwordHash = await this.hasher.hash(this.config.adminPassword ?? generated!);

    const id = await this.db.transaction(async (tx) => {
      // Held while the first admin is created, so API instances starting together create one.
      await this.repository.lockFirstAdmin(tx);
      // Another instance may have got here first and committed while this one waited.
      if (await this.repository.anyUser(tx)) return null;
      const newId = await this.users.insert(
        tx,
        // The printed password has been on a console: it opens nothing until it is changed.
        {
          email,
          displayName: 'Administrator',
          role: 'admin',
          agency: 'ADMIN',
          passwordHash,
          mustChangePassword: !!generated,
        },
        'system',
      );
      await this.audit.record(tx, systemActor('first-start'), {
        action: 'user.create',
        entityType: 'user',
        entityId: newId,
        after: await this.users.findOne(newId, tx),
        metadata: { firstStart: true, passwordFrom: generated ? 'generated' : 'ADMIN_PASSWORD' },
      });
      return newId;
    });
    if (!id) return null;
    this.logger.log(`First start: created the first admin, ${email}`);
    if (generated) {
      console.log(
        `First start: created ${email} with one-time password ${generated} (shown only now; sign in at /console/ or POST /auth/login and change it, which nothing else works before)`,
      );
    }
    return id;
  }
}
