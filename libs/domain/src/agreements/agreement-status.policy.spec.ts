import { describe, expect, it } from '@jest/globals';
import { canTransition, effectiveStatus, stageDateProblems } from './agreement-status.policy.js';

describe('agreement lifecycle', () => {
  it('moves forward one stage at a time', () => {
    expect(canTransition('draft', 'negotiating')).toBe(true);
    expect(canTransition('approved', 'signed')).toBe(true);
    expect(canTransition('signed', 'in-force')).toBe(true);
    expect(canTransition('draft', 'in-force')).toBe(false);
    expect(canTransition('approved', 'in-force')).toBe(false);
  });

  it('lets nothing leave a terminal status', () => {
    for (const terminal of ['expired', 'terminated', 'superseded'] as const) {
      expect(canTransition(terminal, 'in-force')).toBe(false);
      expect(canTransition(terminal, 'draft')).toBe(false);
    }
  });

  it('reads an in-force agreement past its last day as expired, but not on the last day', () => {
    expect(effectiveStatus('in-force', '2022-06-04', '2022-06-04')).toBe('in-force');
    expect(effectiveStatus('in-force', '2022-06-04', '2022-06-05')).toBe('expired');
    expect(effectiveStatus('signed', '2022-06-04', '2030-01-01')).toBe('signed');
  });

  it('names the dates a stage needs', () => {
    expect(stageDateProblems('approved', {})).toEqual([
      { field: 'cabinetApprovedOn', message: 'is required for an agreement that is approved' },
    ]);
    expect(stageDateProblems('in-force', { signedOn: '2017-06-05' }).map((p) => p.field)).toEqual(['effectiveOn']);
    expect(stageDateProblems('draft', {})).toEqual([]);
  });

  it('refuses entry into force before signature, and allows signature before approval', () => {
    const problems = stageDateProblems('in-force', { signedOn: '2017-06-05', effectiveOn: '2017-06-04' });
    expect(problems.map((p) => p.field)).toEqual(['effectiveOn']);
    expect(stageDateProblems('signed', { cabinetApprovedOn: '2017-06-10', signedOn: '2017-06-05' })).toEqual([]);
  });
});
