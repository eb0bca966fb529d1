import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  auditHash,
  canonicalEvent,
  canonicalJson,
  canonicalStoredJson,
  GENESIS_HASH,
  hashedFields,
  toJsonValue,
  type AuditHashFields,
} from './audit-hash.js';

const event: AuditHashFields = {
  id: '5b0e6a52-6f0e-4f43-9d5c-2f6f3b1f0a11',
  occurredAt: '2026-11-26T02:00:00.123Z',
  actorId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  actorEmail: 'manager@mdes.go.th',
  actorRole: 'manager',
  action: 'agreement.update',
  entityType: 'agreement',
  entityId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  before: { titleEn: 'Old', termMonths: 60 },
  after: { titleEn: 'New', termMonths: 36 },
  metadata: null,
  requestId: 'req-1',
  clientIp: '127.0.0.1',
  userAgent: 'jest',
};

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('does not depend on the order keys were written in', () => {
    const one = { title: 'ไทย', parties: [{ country: 'TH' }, { country: 'JP' }], n: 1.5 };
    const two = { n: 1.5, parties: [{ country: 'TH' }, { country: 'JP' }], title: 'ไทย' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('keeps array order, which carries meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes values as JSON.stringify does, and what JSON cannot hold as JSON would', () => {
    expect(canonicalJson('a"b\\c\n\u2028')).toBe(JSON.stringify('a"b\\c\n\u2028'));
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(canonicalJson(Number.NaN)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: () => 1, c: 1 })).toBe('{"c":1}');
    expect(canonicalJson([undefined, () => 1])).toBe('[null,null]');
    expect(canonicalJson(new Date('2026-11-26T02:00:00Z'))).toBe('"2026-11-26T02:00:00.000Z"');
    expect(() => canonicalJson(BigInt(1))).toThrow(TypeError);
  });

  it('treats a key named __proto__ as data', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, é: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":3,"a":2,"b":1,"é":4}');
  });
});

describe('toJsonValue', () => {
  it('gives what a jsonb column hands back: ISO dates, no undefined, null for nothing', () => {
    expect(toJsonValue({ at: new Date('2026-11-26T02:00:00Z'), gone: undefined, n: 1 })).toEqual({
      at: '2026-11-26T02:00:00.000Z',
      n: 1,
    });
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue(null)).toBeNull();
  });
});

describe('auditHash', () => {
  it('is SHA-256 hex over the previous hash followed by the canonical event', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEvent(event))
      .digest('hex');
    expect(auditHash(GENESIS_HASH, event)).toBe(expected);
    expect(auditHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes exactly the listed fields, every one present (absent ones as null)', () => {
    const { metadata: _metadata, ...withoutMetadata } = event;
    const text = canonicalEvent(withoutMetadata as AuditHashFields);
    expect(Object.keys(JSON.parse(text))).toEqual([...hashedFields]);
    expect(JSON.parse(text).metadata).toBeNull();
    expect(text).toBe(canonicalEvent(event));
  });

  it('ignores anything that is not a hashed field', () => {
    const extra = { ...event, seq: 7, hash: 'x' } as AuditHashFields;
    expect(auditHash(GENESIS_HASH, extra)).toBe(auditHash(GENESIS_HASH, event));
  });

  it('changes when any hashed field changes, however slightly', () => {
    const base = auditHash(GENESIS_HASH, event);
    const variants: Array<Partial<AuditHashFields>> = [
      { id: '5b0e6a52-6f0e-4f43-9d5c-2f6f3b1f0a12' },
      { occurredAt: '2026-11-26T02:00:00.124Z' },
      { actorId: null },
      { actorEmail: 'officer@mdes.go.th' },
      { actorRole: 'admin' },
      { action: 'agreement.create' },
      { entityType: 'milestone' },
      { entityId: null },
      { before: { titleEn: 'Old', termMonths: 61 } },
      { after: { titleEn: 'New ', termMonths: 36 } },
      { metadata: {} },
      { requestId: 'req-2' },
      { clientIp: '::1' },
      { userAgent: 'jest/2' },
    ];
    expect(variants).toHaveLength(hashedFields.length);
    for (const change of variants) {
      expect(auditHash(GENESIS_HASH, { ...event, ...change })).not.toBe(base);
    }
  });

  it('chains: the same event after a different predecessor has a different hash', () => {
    const first = auditHash(GENESIS_HASH, event);
    expect(auditHash(first, event)).not.toBe(first);
  });

  it('survives a jsonb round trip: reordered keys give the same hash', () => {
    const roundTripped: AuditHashFields = {
      ...event,
      before: JSON.parse('{"termMonths":60,"titleEn":"Old"}'),
      after: JSON.parse('{"termMonths":36,"titleEn":"New"}'),
    };
    expect(auditHash(GENESIS_HASH, roundTripped)).toBe(auditHash(GENESIS_HASH, event));
  });
});

describe('canonicalStoredJson', () => {
  it('is canonicalJson of the value as jsonb gives it back, without the copy', () => {
    const values: unknown[] = [
      null,
      undefined,
      'ไทย \ud800 lone',
      { b: [1, undefined, () => 1, Number.NaN, -0, 1e21], a: { '\udc00k': 'x', z: undefined }, d: new Date(0) },
      [
        { country: 'TH', organization: 'MDES' },
        { country: 'JP', organization: null },
      ],
      { toJSON: () => ({ y: 2, x: 1 }) },
      { '\ud800': 1, '\udc00': 2 },
      { a: { toJSON: () => undefined }, b: true },
      () => 1,
    ];
    for (const value of values) expect(canonicalStoredJson(value)).toBe(canonicalJson(toJsonValue(value)));
  });
});
