import { describe, expect, it } from '@jest/globals';
import type { Actor } from './actor.js';
import { assertMayKeepRecordsOf, mayKeepRecordsOf } from './agency-scope.policy.js';

const actor = (role: Actor['role'], agency: string | null): Actor => ({ userId: 'u', email: 'e', role, agency });

describe('agency scope', () => {
  it('lets an officer keep only their own agency’s records', () => {
    expect(mayKeepRecordsOf(actor('officer', 'MDES'), 'MDES')).toBe(true);
    expect(mayKeepRecordsOf(actor('officer', 'DEPA'), 'MDES')).toBe(false);
  });

  it('lets a manager keep every agency’s records, and auditors and admins none', () => {
    expect(mayKeepRecordsOf(actor('manager', 'MDES'), 'DEPA')).toBe(true);
    expect(mayKeepRecordsOf(actor('auditor', 'MDES'), 'MDES')).toBe(false);
    expect(mayKeepRecordsOf(actor('admin', 'MDES'), 'MDES')).toBe(false);
  });

  it('lets the system (nightly pass, seed:demo) keep every agency’s records', () => {
    expect(mayKeepRecordsOf(actor('system', null), 'MDES')).toBe(true);
  });

  it('refuses with a FORBIDDEN domain error naming both agencies', () => {
    expect(() => assertMayKeepRecordsOf(actor('officer', 'DEPA'), 'MDES')).toThrow(/DEPA.*MDES/);
  });
});
