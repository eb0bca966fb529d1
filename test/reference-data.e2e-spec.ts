import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { partyCodes } from '../libs/domain/src/index.js';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const codesOf = (items: Array<{ code: string }>) => items.map((i) => i.code);

describe('GET /cooperation-areas', () => {
  it('lists the six areas of the source document by code, with Thai labels', async () => {
    const res = await t.http.get('/cooperation-areas');
    expect(res.status).toBe(200);
    expect(codesOf(res.body)).toEqual([
      'cybersecurity',
      'disaster-ict',
      'knowledge-sharing',
      'other',
      'postal',
      'workforce',
    ]);
    expect(res.body[0]).toEqual({ code: 'cybersecurity', labelEn: 'Cybersecurity', labelTh: 'ความมั่นคงปลอดภัยไซเบอร์' });
  });
});

describe('POST /cooperation-areas', () => {
  it('adds an area that lists in code order and that agreements can then use', async () => {
    const area = { code: 'smart-city', labelEn: ' Smart cities ', labelTh: 'เมืองอัจฉริยะ' };
    const res = await t.as('admin').post('/cooperation-areas').send(area);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: 'smart-city', labelEn: 'Smart cities', labelTh: 'เมืองอัจฉริยะ' });

    const list = await t.http.get('/cooperation-areas');
    expect(codesOf(list.body)).toEqual([...codesOf(list.body)].sort());
    expect(codesOf(list.body)).toContain('smart-city');

    const agreement = await t.http.post('/agreements').send(anAgreement({ areas: ['smart-city'] }));
    expect(agreement.status).toBe(201);
    expect(agreement.body.areas).toEqual(['smart-city']);
  });

  it('refuses an existing code with 409 DUPLICATE naming code, and keeps the original labels', async () => {
    const res = await t
      .as('admin')
      .post('/cooperation-areas')
      .send({ code: 'postal', labelEn: 'Post', labelTh: 'ไปรษณีย์' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'DUPLICATE' });
    expect(res.body.errors).toEqual([{ field: 'code', message: 'is already a cooperation area' }]);
    const list = await t.http.get('/cooperation-areas');
    expect(list.body.find((a: { code: string }) => a.code === 'postal').labelEn).toBe('Postal cooperation');
  });

  it('lets exactly one of several concurrent adds of one code win', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t
          .as('admin')
          .post('/cooperation-areas')
          .send({ code: 'space-tech', labelEn: `Space ${i}`, labelTh: 'อวกาศ' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  const valid = { code: 'e-government', labelEn: 'E-government', labelTh: 'รัฐบาลอิเล็กทรอนิกส์' };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an upper-case code', { ...valid, code: 'Smart-City' }, 'code'],
    ['a one-letter code', { ...valid, code: 'a' }, 'code'],
    ['a code starting with a digit', { ...valid, code: '5g' }, 'code'],
    ['a code with a space', { ...valid, code: 'smart city' }, 'code'],
    ['a code of 41 characters', { ...valid, code: `a${'b'.repeat(40)}` }, 'code'],
    ['a numeric code', { ...valid, code: 12 }, 'code'],
    ['no code', { labelEn: valid.labelEn, labelTh: valid.labelTh }, 'code'],
    ['no English label', { code: valid.code, labelTh: valid.labelTh }, 'labelEn'],
    ['an empty Thai label', { ...valid, labelTh: '' }, 'labelTh'],
    ['a blank English label', { ...valid, labelEn: '   ' }, 'labelEn'],
    ['an unknown field', { ...valid, colour: 'blue' }, 'colour'],
  ];

  it.each(cases)('refuses %s with 400 naming the field, and writes nothing', async (_, body, field) => {
    const res = await t.as('admin').post('/cooperation-areas').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const list = await t.http.get('/cooperation-areas');
    expect(codesOf(list.body)).not.toContain('e-government');
  });
});

describe('GET /countries', () => {
  it('lists every party code with its type and English and Thai names', async () => {
    const res = await t.http.get('/countries');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(partyCodes.length);
    expect(new Set(codesOf(res.body)).size).toBe(res.body.length);
    expect(res.body).toContainEqual({ code: 'JP', type: 'country', nameEn: 'Japan', nameTh: 'ญี่ปุ่น' });
    expect(res.body).toContainEqual({ code: 'KR', type: 'country', nameEn: 'South Korea', nameTh: 'เกาหลีใต้' });
    expect(res.body).toContainEqual({
      code: 'ASEAN',
      type: 'organization',
      nameEn: 'Association of Southeast Asian Nations',
      nameTh: 'สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้',
    });
    for (const party of res.body) expect(party.nameTh).toEqual(expect.any(String));
  });

  it('filters by type', async () => {
    const organizations = await t.http.get('/countries').query({ type: 'organization' });
    expect(organizations.body.length).toBeGreaterThan(0);
    expect(organizations.body.every((p: { type: string }) => p.type === 'organization')).toBe(true);
    expect(codesOf(organizations.body)).toContain('ASEAN');
    const countries = await t.http.get('/countries').query({ type: 'country' });
    expect(countries.body.length + organizations.body.length).toBe(partyCodes.length);
    expect(codesOf(countries.body)).not.toContain('ASEAN');
  });

  const searches: Array<[string, Record<string, string>, string[]]> = [
    ['an English name in any case', { q: 'JAPAN' }, ['JP']],
    ['a code', { q: 'jp' }, ['JP']],
    ['a Thai name', { q: 'ญี่ปุ่น' }, ['JP']],
    ['a Thai substring', { q: 'เกาหลี' }, ['KP', 'KR']],
    ['a name without its accents', { q: 'cote d' }, ['CI']],
    ['an organisation', { q: 'asean' }, ['ASEAN']],
    ['a Thai substring within a type', { q: 'สหภาพ', type: 'organization' }, ['EU', 'ITU', 'UPU']],
    ['nothing that matches', { q: 'atlantis' }, []],
  ];

  it.each(searches)('searches by %s', async (_, query, expected) => {
    const res = await t.http.get('/countries').query(query);
    expect(res.status).toBe(200);
    expect(codesOf(res.body).sort()).toEqual(expected);
  });

  it('refuses an unknown type, an empty q and an unknown parameter with 400 naming it', async () => {
    for (const [query, field] of [
      [{ type: 'planet' }, 'type'],
      [{ q: '' }, 'q'],
      [{ region: 'asia' }, 'region'],
    ] as const) {
      const res = await t.http.get('/countries').query(query);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
