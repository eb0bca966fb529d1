import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AppUserRow, type Queryable, queryRow, queryRows, registerStatementSamples } from '@mou/database';
import { SqlParams } from '../common/sql-params.js';

/** Every statement on app_user, beside the row shapes it reads and writes. */

/** What a user response shows; password_hash and session_version are never among them. */
export type UserRow = Pick<
  AppUserRow,
  | 'id'
  | 'email'
  | 'display_name'
  | 'role'
  | 'agency'
  | 'active'
  | 'version'
  | 'created_at'
  | 'created_by'
  | 'updated_at'
  | 'updated_by'
>;

/** The user columns sign-in and the guard need; never selected into a response as such. */
export type SessionUser = Pick<
  AppUserRow,
  | 'id'
  | 'email'
  | 'display_name'
  | 'role'
  | 'agency'
  | 'active'
  | 'session_version'
  | 'locale'
  | 'calendar'
  | 'must_change_password'
>;

export type LockedUser = Pick<AppUserRow, 'id' | 'role' | 'active' | 'version'>;

export type NewUser = Pick<
  AppUserRow,
  'email' | 'display_name' | 'role' | 'agency' | 'password_hash' | 'must_change_password'
>;

/** The columns an admin's edit may set, in the order they are sent. */
const editableColumns = ['display_name', 'role', 'agency', 'active', 'password_hash', 'must_change_password'] as const;
export type UserChanges = Partial<Pick<AppUserRow, (typeof editableColumns)[number]>>;

export interface UserFilters {
  role?: AppUserRow['role'];
  agency?: string;
  active?: boolean;
  /** Keyset: only users after this (email, id). */
  after?: { email: string; id: string };
}

const userColumns =
  'u.id, u.email, u.display_name, u.role, u.agency, u.active, u.version, u.created_at, u.created_by, u.updated_at, u.updated_by';
const sessionColumns =
  'id, email, display_name, role, agency, active, session_version, locale, calendar, must_change_password';

/**
 * Serialises changes that could take away the last active admin (a role change or a
 * (de)activation), so two admins demoting each other at once cannot both succeed.
 * "admin" in ASCII.
 */
const ADMIN_SET_LOCK = '418296719726';
/** Held while the first admin is created, so API instances starting together create one. "first" in ASCII. */
const FIRST_ADMIN_LOCK = '439855772532';

/** Fixed statements built from the column lists once; registered below so each is prepared by the data-layer test. */
const sql = {
  findOne: `SELECT ${userColumns} FROM app_user u WHERE u.id = $1`,
  lockAdminSet: `SELECT pg_advisory_xact_lock(${ADMIN_SET_LOCK})`,
  lockFirstAdmin: `SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`,
  insert: `INSERT INTO app_user (email, display_name, role, agency, password_hash, must_change_password, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
  signInByEmail: `SELECT ${sessionColumns}, password_hash FROM app_user WHERE email = $1`,
  sessionUser: `SELECT ${sessionColumns} FROM app_user WHERE id = $1`,
  lockSessionUser: `SELECT ${sessionColumns} FROM app_user WHERE id = $1 FOR NO KEY UPDATE`,
  // The user a live refresh token of the current session belongs to.
  ownerOfRefreshToken: `SELECT ${sessionColumns} FROM app_user
    WHERE (id, session_version) = (SELECT user_id, session_version FROM refresh_token
                                    WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now())`,
  updatePreferences: `UPDATE app_user SET locale = coalesce($2, locale), calendar = coalesce($3, calendar)
    WHERE id = $1 RETURNING ${sessionColumns}`,
  setOwnPassword: `UPDATE app_user
       SET password_hash = $2, must_change_password = false, session_version = session_version + 1,
           version = version + 1, updated_at = now(), updated_by = $3
     WHERE id = $1
     RETURNING ${sessionColumns}`,
} as const;

registerStatementSamples(
  import.meta.url,
  Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, () => text])),
);

/** WHERE for the list and its total: every filter but the cursor goes into both. */
function listWhere(filters: UserFilters, p: SqlParams, withCursor: boolean): string {
  const where: string[] = [];
  if (filters.role) where.push(`u.role = ${p.add(filters.role)}`);
  if (filters.agency) where.push(`u.agency = ${p.add(filters.agency)}`);
  if (filters.active !== undefined) where.push(`u.active = ${p.add(filters.active)}`);
  if (withCursor && filters.after) {
    where.push(`(u.email, u.id) > (${p.add(filters.after.email)}, ${p.add(filters.after.id)}::uuid)`);
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

function listSql(filters: UserFilters, limit: number): { text: string; params: unknown[] } {
  const p = new SqlParams();
  const where = listWhere(filters, p, true);
  return {
    text: `SELECT ${userColumns} FROM app_user u ${where} ORDER BY u.email, u.id LIMIT ${Math.trunc(limit)}`,
    params: p.values,
  };
}

function countSql(filters: UserFilters): { text: string; params: unknown[] } {
  const p = new SqlParams();
  return { text: `SELECT count(*)::int AS total FROM app_user u ${listWhere(filters, p, false)}`, params: p.values };
}

function updateSql(changes: UserChanges, endSessions: boolean): { text: string; params: unknown[] } {
  const set = editableColumns.filter((column) => changes[column] !== undefined);
  const sets = set.map((column, i) => `${column} = $${i + 3}`);
  if (endSessions) sets.push('session_version = session_version + 1');
  return {
    text: `UPDATE app_user SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')}
            WHERE id = $1`,
    params: set.map((column) => changes[column]),
  };
}

const everyFilter: UserFilters = {
  role: 'admin',
  agency: 'X',
  active: true,
  after: { email: 'a@b', id: '00000000-0000-0000-0000-000000000000' },
};
registerStatementSamples(import.meta.url, {
  list: () => listSql(everyFilter, 51).text,
  count: () => countSql(everyFilter).text,
  update: () =>
    updateSql(
      {
        display_name: 'x',
        role: 'admin',
        agency: 'X',
        active: true,
        password_hash: 'x',
        must_change_password: true,
      },
      true,
    ).text,
});

/**
 * app_user: accounts, their sign-in columns and their sessions' version. Pass the
 * transaction's manager to any method that takes one when called inside a transaction.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page (limit rows) in email order, after `filters.after` when given. */
  async list(filters: UserFilters, limit: number): Promise<UserRow[]> {
    const { text, params } = listSql(filters, limit);
    return queryRows<UserRow>(this.db, text, params);
  }

  /** How many users match the filters (the cursor aside). */
  async count(filters: UserFilters): Promise<number> {
    const { text, params } = countSql(filters);
    const row = await queryRow<{ total: number }>(this.db, text, params);
    return row?.total ?? 0;
  }

  async findOne(id: string, runner: Queryable = this.db): Promise<UserRow | null> {
    return queryRow<UserRow>(runner, sql.findOne, [id]);
  }

  async anyUser(runner: Queryable = this.db): Promise<boolean> {
    const row = await queryRow<{ found: boolean }>(runner, 'SELECT EXISTS (SELECT 1 FROM app_user) AS found');
    return row?.found ?? false;
  }

  /** Locks the user's row (before any of their refresh tokens, as sign-in does). */
  async lockForEdit(tx: EntityManager, id: string): Promise<LockedUser | null> {
    return queryRow<LockedUser>(tx, 'SELECT id, role, active, version FROM app_user WHERE id = $1 FOR NO KEY UPDATE', [
      id,
    ]);
  }

  async lockAdminSet(tx: EntityManager): Promise<void> {
    await tx.query(sql.lockAdminSet);
  }

  async lockFirstAdmin(tx: EntityManager): Promise<void> {
    await tx.query(sql.lockFirstAdmin);
  }

  async countOtherActiveAdmins(tx: EntityManager, id: string): Promise<number> {
    const row = await queryRow<{ others: number }>(
      tx,
      `SELECT count(*)::int AS others FROM app_user WHERE role = 'admin' AND active AND id <> $1`,
      [id],
    );
    return row?.others ?? 0;
  }

  /** Raises PostgreSQL's unique violation (uq_app_user_email) for a taken email. */
  async insert(tx: EntityManager, user: NewUser, by: string): Promise<string> {
    const [{ id }] = await queryRows<Pick<AppUserRow, 'id'>>(tx, sql.insert, [
      user.email,
      user.display_name,
      user.role,
      user.agency,
      user.password_hash,
      user.must_change_password,
      by,
    ]);
    return id;
  }

  /** An admin's edit: bumps version (and session_version when `endSessions`). */
  async update(tx: EntityManager, id: string, by: string, changes: UserChanges, endSessions: boolean): Promise<void> {
    const { text, params } = updateSql(changes, endSessions);
    await tx.query(text, [id, by, ...params]);
  }

  async findForSignIn(email: string): Promise<(SessionUser & Pick<AppUserRow, 'password_hash'>) | null> {
    return queryRow<SessionUser & Pick<AppUserRow, 'password_hash'>>(this.db, sql.signInByEmail, [email]);
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const row = await queryRow<Pick<AppUserRow, 'password_hash'>>(
      this.db,
      'SELECT password_hash FROM app_user WHERE id = $1',
      [id],
    );
    return row?.password_hash ?? null;
  }

  async findSessionUser(id: string, runner: Queryable = this.db): Promise<SessionUser | null> {
    return queryRow<SessionUser>(runner, sql.sessionUser, [id]);
  }

  async lockSessionUser(tx: EntityManager, id: string): Promise<SessionUser | null> {
    return queryRow<SessionUser>(tx, sql.lockSessionUser, [id]);
  }

  /** The user whose live refresh token (of their current session) has this digest. */
  async ownerOfRefreshToken(tx: EntityManager, tokenHash: string): Promise<SessionUser | null> {
    return queryRow<SessionUser>(tx, sql.ownerOfRefreshToken, [tokenHash]);
  }

  /** Null leaves a setting as it is. */
  async updatePreferences(
    tx: EntityManager,
    id: string,
    locale: AppUserRow['locale'] | null,
    calendar: AppUserRow['calendar'] | null,
  ): Promise<SessionUser | null> {
    return queryRow<SessionUser>(tx, sql.updatePreferences, [id, locale, calendar]);
  }

  /** The user's own new password: clears must_change_password and ends every session. */
  async setOwnPassword(tx: EntityManager, id: string, passwordHash: string, by: string): Promise<SessionUser | null> {
    return queryRow<SessionUser>(tx, sql.setOwnPassword, [id, passwordHash, by]);
  }

  /** Ends every access token of the user at once (the guard compares session_version). */
  async bumpSessionVersion(tx: EntityManager, id: string): Promise<number> {
    const row = await queryRow<Pick<AppUserRow, 'session_version'>>(
      tx,
      'UPDATE app_user SET session_version = session_version + 1 WHERE id = $1 RETURNING session_version',
      [id],
    );
    return row!.session_version;
  }
}
