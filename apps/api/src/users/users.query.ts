import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { SqlParams } from '../common/sql-params.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { toUserResponse, userColumns, type UserRow } from './user.read-model.js';

/** Users are listed by email (unique, so the id only breaks ties in the cursor's form). */
const SORT = 'email';

@Injectable()
export class UsersQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page in two queries (rows and total). */
  async list(query: ListUsersQuery): Promise<UserPage> {
    const limit = query.limit ?? 50;
    const p = new SqlParams();
    const where: string[] = [];
    if (query.role) where.push(`u.role = ${p.add(query.role)}`);
    if (query.agency) where.push(`u.agency = ${p.add(query.agency)}`);
    if (query.active !== undefined) where.push(`u.active = ${p.add(query.active)}`);
    const totalParams = [...p.values];
    const totalWhere = [...where];
    if (query.cursor) {
      const cursor = checkCursor(query.cursor);
      where.push(`(u.email, u.id) > (${p.add(cursor.key)}, ${p.add(cursor.id)}::uuid)`);
    }
    const rows: UserRow[] = await this.db.query(
      `SELECT ${userColumns} FROM app_user u ${whereSql(where)} ORDER BY u.email, u.id LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM app_user u ${whereSql(totalWhere)}`,
      totalParams,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toUserResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort: SORT, key: last.email, id: last.id }) : null,
    };
  }

  /** Pass the transaction's manager when called inside one. */
  async findOne(id: string, manager: EntityManager | DataSource = this.db): Promise<UserResponse> {
    const rows: UserRow[] = await manager.query(`SELECT ${userColumns} FROM app_user u WHERE u.id = $1`, [id]);
    if (!rows.length) throw DomainError.notFound('User', id);
    return toUserResponse(rows[0]);
  }
}

function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** A cursor is client-held text: its key must be an email as this list gave out (no NUL, not null). */
function checkCursor(raw: string): { key: string; id: string } {
  const { key, id } = decodeCursor(raw, SORT);
  if (typeof key === 'string' && !key.includes('\u0000')) return { key, id };
  throw new BadRequestException({
    message: 'cursor is not a cursor this list gave out',
    code: 'VALIDATION_FAILED',
    errors: [{ field: 'cursor', message: 'is not a cursor this list gave out' }],
  });
}
