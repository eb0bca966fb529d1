import { describe, expect, it } from '@jest/globals';
import { changedFields } from './audit-changes.js';

describe('changedFields', () => {
  it('keeps only the fields that changed, on both sides', () => {
    expect(
      changedFields(
        { id: 'a', titleEn: 'Old', termMonths: 60, tags: ['x'], version: 1, updatedAt: 't1', updatedBy: 'u1' },
        { id: 'a', titleEn: 'New', termMonths: 60, tags: ['x'], version: 2, updatedAt: 't2', updatedBy: 'u2' },
      ),
    ).toEqual({ before: { titleEn: 'Old' }, after: { titleEn: 'New' } });
  });

  it('compares nested values by content, not identity or key order', () => {
    const before = { parties: [{ country: 'TH', organization: 'MDES' }] };
    const same = { parties: [{ organization: 'MDES', country: 'TH' }] };
    expect(changedFields(before, same)).toEqual({ before: {}, after: {} });
    const moved = { parties: [{ country: 'JP', organization: 'MIC' }] };
    expect(changedFields(before, moved)).toEqual({ before, after: moved });
  });

  it('shows a field present on one side only as null on the other', () => {
    expect(changedFields({ a: 1 }, { b: 2 }, [])).toEqual({ before: { a: 1, b: null }, after: { a: null, b: 2 } });
  });

  it('records clearing a field', () => {
    expect(changedFields({ summary: 'text' }, { summary: null })).toEqual({
      before: { summary: 'text' },
      after: { summary: null },
    });
  });
});
