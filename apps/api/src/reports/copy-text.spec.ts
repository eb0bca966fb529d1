import { describe, expect, it } from '@jest/globals';
import { copyTextRows } from './copy-text.js';
import { settingsFor } from './reports.repository.js';

async function rows(chunks: Buffer[]) {
  const out: Array<Array<string | null>> = [];
  for await (const batch of copyTextRows(chunks)) out.push(...batch);
  return out;
}

describe('copyTextRows', () => {
  it('splits rows and fields, decodes escapes and nulls', async () => {
    const text = 'a\\tb\t\\N\tline\\none\\\\two\n=1+2\tไทย\t\n';
    expect(await rows([Buffer.from(text)])).toEqual([
      ['a\tb', null, 'line\none\\two'],
      ['=1+2', 'ไทย', ''],
    ]);
  });

  it('joins rows and Thai characters cut across chunks', async () => {
    const bytes = Buffer.from('บันทึก\tx\nความร่วมมือ\ty\n');
    const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 21), bytes.subarray(21)];
    expect(await rows(chunks)).toEqual([
      ['บันทึก', 'x'],
      ['ความร่วมมือ', 'y'],
    ]);
  });
});

describe('copyTextRows on one large chunk', () => {
  it('decodes it in slices without cutting a row or a Thai character', async () => {
    // 2,000 rows of Thai (3 bytes a character) in one 200 KB chunk: slice edges fall mid-character.
    const lines = Array.from({ length: 2000 }, (_, i) => `ความร่วมมือด้านดิจิทัล ${i}\t${i}`);
    const out = await rows([Buffer.from(`${lines.join('\n')}\n`)]);
    expect(out).toHaveLength(2000);
    expect(out[0]).toEqual(['ความร่วมมือด้านดิจิทัล 0', '0']);
    expect(out.every(([title, n]) => title === `ความร่วมมือด้านดิจิทัล ${n}`)).toBe(true);
  });
});

describe('settingsFor', () => {
  it('binds every parameter as a setting and reads it back cast to its type', () => {
    const bound = settingsFor(
      'SELECT 1 WHERE a = $1 AND b >= $2::date AND c = $10',
      ["x'; DROP TABLE agreement; --", '2026-01-01', ...Array(8).fill('v')],
      ['text', 'date', ...Array(8).fill('text')],
    );
    expect(bound.sql).toBe(
      "SELECT 1 WHERE a = current_setting('mou_report.p1')::text AND b >= current_setting('mou_report.p2')::date::date AND c = current_setting('mou_report.p10')::text",
    );
    expect(bound.setup.startsWith('SELECT NULL, set_config($1, $2, true), set_config($3, $4, true)')).toBe(true);
    expect(bound.values.slice(0, 2)).toEqual(['mou_report.p1', "x'; DROP TABLE agreement; --"]);
  });

  it('writes an array as a PostgreSQL array literal, quoting what needs it', () => {
    const bound = settingsFor('SELECT 1 WHERE s = ANY($1)', [['in-force', 'say "hi", \\ bye']], ['text[]']);
    expect(bound.sql).toBe("SELECT 1 WHERE s = ANY(current_setting('mou_report.p1')::text[])");
    expect(bound.values).toEqual(['mou_report.p1', '{"in-force","say \\"hi\\", \\\\ bye"}']);
  });
});
