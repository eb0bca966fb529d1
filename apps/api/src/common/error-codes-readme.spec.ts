import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainErrorStatus } from '@mou/domain';
import { repoRoot } from './repo-root.js';

/** The README's error-code table as `code → status`: every row that starts with a code in backticks. */
function readmeCodes(): Record<string, number> {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*(\d{3})\s*\|/gm)];
  return Object.fromEntries(rows.map(([, code, status]) => [code, Number(status)]));
}

describe('the README error-code table', () => {
  it('lists every DomainErrorCode with its status, and no code that does not exist', () => {
    expect(readmeCodes()).toEqual({ ...domainErrorStatus });
  });
});
