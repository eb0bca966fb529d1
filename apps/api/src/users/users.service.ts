import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { pgError, PgErrorCode } from '@mou/database';
import { type Actor, DomainError, type Role } from '@mou/domain';
import { changedFields } from '../audit/audit-changes.js';
import { AuditService } from '@mou/audit';
import { PasswordHasher } from '../auth/password.hasher.js';
import { Sessions } from '../auth/sessions.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponse } from './dto/user.response.js';
import { UsersQuery } from './users.query.js';

/**
 * Serialises changes that could take away the last active admin (a role change or a
 * (de)activation), so two admins demoting each other at once cannot both succeed.
 */
const ADMIN_SET_LOCK = '418296719726'; // "admin" in ASCII

interface LockedUser {
  id: string;
  role: Role;
  active: boolean;
  version: number;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly query: UsersQuery,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateUserDto, actor: Actor): Promise<UserResponse> {
    const passwordHash = await this.hasher.hash(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const newId = await this.insert(tx, { ...dto, passwordHash }, actor.email);
      await this.audit.record(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: newId,
        after: await this.query.findOne(newId, tx),
      });
      return newId;
    });
    return this.query.findOne(id);
  }

  /**
   * Edits a user at the version the admin read. A role change, a deactivation or a new
   * password ends every session of the user (their tokens stop working at once); a new
   * password set for someone else must be changed by them before anything else. The last
   * active admin may not be demoted or deactivated.
   */
  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserResponse> {
    // Hash before the transaction: argon2 takes a while, and locks should not wait on it.
    const passwordHash = dto.password === undefined ? undefined : await this.hasher.hash(dto.password);
    await this.db.transaction(async (tx) => {
      if (dto.role !== undefined || dto.active !== undefined) {
        await tx.query(`SELECT pg_advisory_xact_lock(${ADMIN_SET_LOCK})`);
      }
      const current = await this.lock(tx, id, dto.version);
      const before = await this.query.findOne(id, tx);

      const staysAdmin = (dto.role ?? current.role) === 'admin' && (dto.active ?? current.active);
      if (current.role === 'admin' && current.active && !staysAdmin) await this.assertAnotherAdmin(tx, id);

      const roleChanged = dto.role !== undefined && dto.role !== current.role;
      const deactivated = dto.active === false && current.active;
      const endsSessions = roleChanged || deactivated || passwordHash !== undefined;
      const changes: Array<[string, unknown]> = [];
      if (dto.displayName !== undefined) changes.push(['display_name', dto.displayName]);
      if (dto.role !== undefined) changes.push(['role', dto.role]);
      if (dto.agency !== undefined) changes.push(['agency', dto.agency]);
      if (dto.active !== undefined) changes.push(['active', dto.active]);
      if (passwordHash !== undefined) changes.push(['password_hash', passwordHash]);
      // A password an admin set for someone else is known to two people: its owner must change it.
      if (passwordHash !== undefined) changes.push(['must_change_password', actor.userId !== id]);
      const sets = changes.map(([column], i) => `${column} = $${i + 3}`);
      if (endsSessions) sets.push('session_version = session_version + 1');
      await tx.query(
        `UPDATE app_user SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')}
          WHERE id = $1`,
        [id, actor.email, ...changes.map(([, value]) => value)],
      );
      if (endsSessions) await this.sessions.revokeRefreshTokens(tx, id);

      const { before: was, after: now } = changedFields(before, await this.query.findOne(id, tx));
      await this.audit.record(tx, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: was,
        after: now,
        metadata: { passwordReset: passwordHash !== undefined, sessionsEnded: endsSessions },
      });
    });
    return this.query.findOne(id);
  }

  /**
   * Writes a user row; a taken email is a 409 naming it. Shared with the first-start
   * bootstrap, which acts as the system.
   */
  async insert(
    tx: EntityManager,
    user: {
      email: string;
      displayName: string;
      role: Role;
      agency: string;
      passwordHash: string;
      mustChangePassword?: boolean;
    },
    by: string,
  ): Promise<string> {
    try {
      const [{ id }] = await tx.query(
        `INSERT INTO app_user (email, display_name, role, agency, password_hash, must_change_password, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
        [
          user.email.toLowerCase(),
          user.displayName,
          user.role,
          user.agency,
          user.passwordHash,
          user.mustChangePassword ?? false,
          by,
        ],
      );
      return id;
    } catch (error) {
      const e = pgError(error);
      if (e.code === PgErrorCode.uniqueViolation && e.constraint === 'uq_app_user_email') {
        throw new DomainError('DUPLICATE', `A user with email ${user.email} already exists`, {
          errors: [{ field: 'email', message: `${user.email} is already used by another user` }],
        });
      }
      throw error;
    }
  }

  /** Locks the user's row (before any of their refresh tokens, as sign-in does); checks the version. */
  private async lock(tx: EntityManager, id: string, version: number): Promise<LockedUser> {
    const rows: LockedUser[] = await tx.query(
      'SELECT id, role, active, version FROM app_user WHERE id = $1 FOR NO KEY UPDATE',
      [id],
    );
    if (!rows.length) throw DomainError.notFound('User', id);
    if (rows[0].version !== version) {
      throw DomainError.versionConflict('User', id, version, await this.query.findOne(id, tx));
    }
    return rows[0];
  }

  private async assertAnotherAdmin(tx: EntityManager, id: string): Promise<void> {
    const [{ others }] = await tx.query(
      `SELECT count(*)::int AS others FROM app_user WHERE role = 'admin' AND active AND id <> $1`,
      [id],
    );
    if (others === 0) {
      throw new ConflictException({
        message: 'This is the last active admin: make another user an admin before demoting or deactivating this one',
        code: 'LAST_ADMIN',
      });
    }
  }
}
