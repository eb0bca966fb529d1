import type pg from 'pg';

/** One column of a table or view in the public schema, as the catalogue describes it. */
export interface ColumnDescription {
  table: string;
  column: string;
  /** The base type's name (a domain is described by what it wraps); arrays by their element's. */
  type: string;
  isArray: boolean;
  nullable: boolean;
  /**
   * The only values the column may hold: an enum's labels, or the list of a one-column
   * `CHECK (col = ANY (ARRAY[...]))` / `CHECK (col = '...')` constraint, as the kinds and states are kept.
   */
  allowedValues: string[] | null;
}

/** Tables kept by libraries, not by this product's code. */
const IGNORED_TABLES = new Set(['typeorm_migration']);

/** Reads every column of every table and view in `public`, in table then column order. */
export async function describeSchema(client: pg.ClientBase): Promise<ColumnDescription[]> {
  const { rows } = await client.query<{
    table: string;
    column: string;
    type: string;
    element_type: string | null;
    nullable: boolean;
    enum_labels: string[] | null;
    checks: string[] | null;
  }>(`
    SELECT c.relname AS table,
           a.attname AS column,
           base.typname AS type,
           element.typname AS element_type,
           NOT a.attnotnull OR c.relkind IN ('v', 'm') AS nullable,
           (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
              FROM pg_enum e
             WHERE e.enumtypid = COALESCE(element.oid, base.oid)) AS enum_labels,
           (SELECT array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname)
              FROM pg_constraint k
             WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.conkey = ARRAY[a.attnum]) AS checks
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type declared ON declared.oid = a.atttypid
      JOIN pg_type base ON base.oid = CASE WHEN declared.typtype = 'd' THEN declared.typbasetype ELSE declared.oid END
      LEFT JOIN pg_type element ON element.oid = base.typelem AND base.typcategory = 'A'
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
     ORDER BY c.relname, a.attnum`);
  return rows
    .filter((row) => !IGNORED_TABLES.has(row.table))
    .map((row) => ({
      table: row.table,
      column: row.column,
      type: row.element_type ?? row.type,
      isArray: row.element_type !== null,
      nullable: row.nullable,
      allowedValues: row.enum_labels ?? listedValues(row.column, row.checks ?? []),
    }));
}

/** The values of a `col = ANY (ARRAY['a'::text, …])` check, as pg_get_constraintdef prints it. */
function listedValues(column: string, checks: string[]): string[] | null {
  const prefix = `CHECK ((${column} = ANY (ARRAY[`;
  const check = checks.find((definition) => definition.startsWith(prefix));
  if (!check) return null;
  return [...check.slice(prefix.length).matchAll(/'((?:[^']|'')*)'::text/g)].map((match) =>
    match[1].replace(/''/g, "'"),
  );
}
