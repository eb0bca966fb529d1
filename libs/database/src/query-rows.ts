/** One statement and its parameters, as a repository builds it before sending it. */
export interface BuiltStatement {
  sql: string;
  params: unknown[];
}

/** Anything that sends SQL: TypeORM's DataSource or EntityManager, or a node-postgres client. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the drivers' own signatures; typed by the helpers below
  query(text: string, params?: unknown[]): Promise<any>;
}

function rowsOf(raw: unknown): unknown[] {
  // node-postgres answers with a result object.
  if (raw && typeof raw === 'object' && 'rows' in raw && Array.isArray((raw as { rows: unknown }).rows)) {
    return (raw as { rows: unknown[] }).rows;
  }
  // TypeORM answers an UPDATE or DELETE with [rows, affected count], anything else with the rows.
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0];
  return Array.isArray(raw) ? raw : [];
}

/**
 * Sends one statement and hands back its rows as `T`, whichever runner sends it, so a
 * repository states the shape of what it reads (a `Pick` of a generated row type) and
 * no `any` leaves it.
 */
export async function queryRows<T>(runner: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  return rowsOf(await runner.query(text, params)) as T[];
}

/** The first row, or null when the statement found none. */
export async function queryRow<T>(runner: Queryable, text: string, params: unknown[] = []): Promise<T | null> {
  return (await queryRows<T>(runner, text, params))[0] ?? null;
}
