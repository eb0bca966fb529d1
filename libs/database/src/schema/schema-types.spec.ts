import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { cloneTemplate, dropDatabase } from '../../../../test/support/test-database.js';
import { describeSchema } from './describe-schema.js';
import { renderSchemaTypes } from './render-schema-types.js';

const GENERATED = new URL('./schema.generated.ts', import.meta.url);

describe('row types generated from the migrated schema', () => {
  let database: { name: string; url: string };
  let client: pg.Client;

  beforeAll(async () => {
    database = await cloneTemplate();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(database.name);
  });

  it('match schema.generated.ts (run `npm run db:types` after a migration)', async () => {
    const rendered = renderSchemaTypes(await describeSchema(client));
    if (process.env.UPDATE_DB_TYPES === '1') await writeFile(GENERATED, rendered);
    expect(await readFile(GENERATED, 'utf8')).toBe(rendered);
  });

  it('notices a column that is not in the committed types', async () => {
    await client.query('ALTER TABLE agreement ADD COLUMN drift_probe text');
    try {
      const rendered = renderSchemaTypes(await describeSchema(client));
      expect(rendered).toContain('drift_probe: string | null;');
      expect(await readFile(GENERATED, 'utf8')).not.toBe(rendered);
    } finally {
      await client.query('ALTER TABLE agreement DROP COLUMN drift_probe');
    }
  });
});
