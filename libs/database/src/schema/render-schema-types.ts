import type { ColumnDescription } from './describe-schema.js';

/**
 * The TypeScript type node-postgres hands back for each PostgreSQL type, with this
 * product's parsers (pg-types.ts: `date` stays 'YYYY-MM-DD' text). int8 and numeric
 * arrive as text so no precision is lost. A type missing here stops the generator, so a
 * new column type is mapped on purpose, never guessed.
 */
const TS_TYPE: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  citext: 'string',
  name: 'string',
  inet: 'string',
  tsvector: 'string',
  int2: 'number',
  int4: 'number',
  float4: 'number',
  float8: 'number',
  int8: 'string',
  numeric: 'string',
  bool: 'boolean',
  date: 'string',
  timestamptz: 'Date',
  timestamp: 'Date',
  json: 'unknown',
  jsonb: 'unknown',
  bytea: 'Buffer',
};

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

function tsType(column: ColumnDescription): string {
  let type = column.allowedValues
    ? column.allowedValues.map((value) => `'${value.replace(/'/g, "\\'")}'`).join(' | ')
    : TS_TYPE[column.type];
  if (!type) throw new Error(`${column.table}.${column.column}: no TypeScript type for PostgreSQL type ${column.type}`);
  if (column.isArray) type = column.allowedValues ? `Array<${type}>` : `${type}[]`;
  return column.nullable ? `${type} | null` : type;
}

/** Renders one `<Table>Row` interface per table and view, and a map from table name to row type. */
export function renderSchemaTypes(columns: ColumnDescription[]): string {
  const tables = new Map<string, ColumnDescription[]>();
  for (const column of columns) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
  const lines = [
    '// Generated from the migrated database by `npm run db:types`; do not edit by hand.',
    '// schema-types.spec.ts fails in `npm test` when a migration changes the schema and this file',
    '// is not regenerated, so a renamed or retyped column is caught by the compiler.',
    '',
  ];
  for (const [table, tableColumns] of tables) {
    lines.push(`/** A row of \`${table}\`. */`, `export interface ${pascal(table)}Row {`);
    for (const column of tableColumns) lines.push(`  ${column.column}: ${tsType(column)};`);
    lines.push('}', '');
  }
  lines.push('/** Every table and view by name. */', 'export interface Schema {');
  for (const table of tables.keys()) lines.push(`  ${table}: ${pascal(table)}Row;`);
  lines.push('}', '');
  return lines.join('\n');
}
