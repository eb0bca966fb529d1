import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { statementSamples } from '../libs/database/src/index.js';
import { cloneTemplate, dropDatabase } from './support/test-database.js';
import { sqlLiterals, type SqlLiteral } from './support/sql-literals.js';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_DIRS = ['apps/api/src', 'apps/worker/src', 'libs', 'config'];

// Infrastructure that talks to the catalogue or the migration table, not to a product table.
const INFRASTRUCTURE = new Set(['libs/database/src/migrate.ts', 'libs/database/src/schema/describe-schema.ts']);

function sourceFiles(): string[] {
  return SOURCE_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.generated.ts'))
      .map((file) => join(ROOT, dir, file)),
  );
}

const isRepository = (file: string): boolean => basename(file).endsWith('.repository.ts');
const where = (literal: SqlLiteral): string => `${relative(ROOT, literal.file)}:${literal.line}`;

/**
 * COPY cannot be prepared: for COPY … FROM STDIN, reading the same columns proves they
 * exist; COPY (query) TO STDOUT is its query.
 */
function preparable(text: string): string {
  const copyOut = /^\s*COPY\s*\(([\s\S]*)\)\s+TO\s+STDOUT/i.exec(text);
  if (copyOut) return copyOut[1];
  const copy = /^\s*COPY\s+([a-z_]+)\s*\(([^)]*)\)\s+FROM\s+STDIN/i.exec(text);
  return copy ? `SELECT ${copy[2]} FROM ${copy[1]} LIMIT 0` : text;
}

describe('the data layer', () => {
  const files = sourceFiles();
  const repositories = files.filter(isRepository);
  const literals = files.flatMap((file) => sqlLiterals(file));

  let database: { name: string; url: string };
  let client: pg.Client;

  beforeAll(async () => {
    database = await cloneTemplate();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    for (const file of repositories) await import(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(database.name);
  });

  it('writes SQL only in *.repository.ts files', () => {
    const outside = literals.filter(
      (literal) => !isRepository(literal.file) && !INFRASTRUCTURE.has(relative(ROOT, literal.file)),
    );
    expect(outside.map(where)).toEqual([]);
  });

  it('has a registered sample for every statement a repository builds at run time', () => {
    // A built statement is covered when one of its file's samples reads as its fixed parts
    // in order, whatever was put between them.
    const pattern = (text: string): RegExp =>
      new RegExp(
        `${text
          .split('${…}')
          .map((part) =>
            part
              .trim()
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
              .replace(/\s+/g, '\\s*'),
          )
          .join('[\\s\\S]*?')}`,
      );
    const uncovered = literals
      .filter((literal) => literal.dynamic && isRepository(literal.file))
      .filter((literal) => {
        const built = [...(statementSamples().get(literal.file)?.values() ?? [])].map((build) => build().trim());
        return !built.some((text) => pattern(literal.text.trim()).test(text));
      });
    expect(uncovered.map(where)).toEqual([]);
  });

  it('prepares every fixed repository statement and every registered sample against the migrated schema', async () => {
    const statements = [
      ...literals
        .filter((literal) => isRepository(literal.file) && !literal.dynamic)
        .map((literal) => ({ where: where(literal), text: literal.text })),
      ...[...statementSamples()].flatMap(([file, samples]) =>
        [...samples].map(([name, build]) => ({ where: `${relative(ROOT, file)} sample ${name}`, text: build() })),
      ),
    ];
    expect(statements.length).toBeGreaterThan(100);
    const failures: string[] = [];
    // One transaction, so the temporary tables repositories create (ON COMMIT DROP) exist
    // for the statements that use them; a savepoint keeps one failure from hiding the rest.
    await client.query('BEGIN');
    try {
      for (const literal of literals.filter((l) => isRepository(l.file) && /^\s*CREATE\s+TEMP/i.test(l.text))) {
        await client.query(literal.text);
      }
      for (const statement of statements) {
        await client.query('SAVEPOINT probe');
        try {
          if (/^\s*(SET|LOCK|TRUNCATE|CREATE)\s/i.test(statement.text)) await client.query(statement.text);
          else {
            await client.query(`PREPARE data_layer_probe AS ${preparable(statement.text)}`);
            await client.query('DEALLOCATE data_layer_probe');
          }
          await client.query('RELEASE SAVEPOINT probe');
        } catch (error) {
          failures.push(`${statement.where}: ${(error as Error).message}`);
          await client.query('ROLLBACK TO SAVEPOINT probe');
        }
      }
    } finally {
      await client.query('ROLLBACK');
    }
    expect(failures).toEqual([]);
  });
});
