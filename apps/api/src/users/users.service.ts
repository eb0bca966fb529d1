import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { pgError, PgErrorCode, type Queryable } from '@mou/database';
import { type Actor, DomainError, type Role } from '@mou/domain';
import { changedFields } from '../audit/audit-changes.js';
import { AuditService } from '@mou/audit';
import { PasswordHasher } from '../auth/password.hasher.js';
import { Sessions } from '../auth/sessions.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { lockVersioned } from '../common/lock-versioned.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { toUserResponse } from './user.read-model.js';
import { type LockedUser, type UserChanges, type UserFilters, UsersRepository } from './users.repository.js';

/** Users are listed by email (unique, so the id only breaks ties in the cursor's form). */
const SORT = 'email';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly audit: AuditService,
  ) {}

  /** One page in two queries (rows and total). */
  async list(query: ListUsersQuery): Promise<UserPage> {
    const limit = query.limit ?? 50;
    const filters: UserFilters = { role: query.role, agency: query.agency, active: query.active };
    if (query.cursor) {
      const cursor = checkCursor(query.cursor);
      filters.after = { email: cursor.key, id: cursor.id };
    }
    const rows = await this.users.list(filters, limit + 1);
    const total = await this.users.count(filters);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toUserResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: SORT, key: last.email, id: last.id }) : null,
    };
  }

  /** Pass the transaction's manager when called inside one. */
  async findOne(id: string, runner: Queryable = this.db): Promise<UserResponse> {
    const row = await this.users.findOne(id, runner);
    if (!row) throw DomainError.notFound('User', id);
    return toUserResponse(row);
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserResponse> {
    const passwordHash = await this.hasher.hash(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const newId = await this.insert(tx, { ...dto, passwordHash }, actor.email);
      await this.audit.record(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: newId,
        after: await this.findOne(newId, tx),
      });
      return newId;
    });
    return this.findOne(id);
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
      if (dto.role !== undefined || dto.active !== undefined) await this.users.lockAdminSet(tx);
      const current = await this.lock(tx, id, dto.version);
      const before = await this.findOne(id, tx);

      const staysAdmin = (dto.role ?? current.role) === 'admin' && (dto.active ?? current.active);
      if (current.role === 'admin' && current.active && !staysAdmin) await this.assertAnotherAdmin(tx, id);

      const roleChanged = dto.role !== undefined && dto.role !== current.role;
      const deactivated = dto.active === false && current.active;
      const endsSessions = roleChanged || deactivated || passwordHash !== undefined;
      const changes: UserChanges = {
        display_name: dto.displayName,
        role: dto.role,
        agency: dto.agency,
        active: dto.active,
        password_hash: passwordHash,
        // A password an admin set for someone else is known to two people: its owner must change it.
        must_change_password: passwordHash === undefined ? undefined : actor.userId !== id,
      };
      await this.users.update(tx, id, actor.email, changes, endsSessions);
      if (endsSessions) await this.sessions.revokeRefreshTokens(tx, id);

      const { before: was, after: now } = changedFields(before, await this.findOne(id, tx));
      await this.audit.record(tx, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: was,
        after: now,
        metadata: { passwordReset: passwordHash !== undefined, sessionsEnded: endsSessions },
      });
    });
    return this.findOne(id);
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
      return await this.users.insert(
        tx,
        {
          email: user.email.toLowerCase(),
          display_name: user.displayName,
          role: user.role,
          agency: user.agency,
          password_hash: user.passwordHash,
          must_change_password: user.mustChangePassword ?? false,
        },
        by,
      );
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
    return lockVersioned({
      what: 'User',
      id,
      version,
      lock: () => this.users.lockForEdit(tx, id),
      current: () => this.findOne(id, tx),
    });
  }

  private async assertAnotherAdmin(tx: EntityManager, id: string): Promise<void> {
    if ((await this.users.countOtherActiveAdmins(tx, id)) === 0) {
      throw new DomainError(
        'LAST_ADMIN',
        'This is the last active admin: make another user an admin before demoting or deactivating this one',
      );
    }
  }
}

/** A cursor is client-held text: its key must be an email as this list gave out (no NUL, not null). */
function checkCursor(raw: string): { key: string; id: string } {
  const { key, id } = decodeCursor(raw, SORT);
  if (typeof key === 'string' && !key.includes('\u0000')) return { key, id };
  throw DomainError.invalid([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
}
