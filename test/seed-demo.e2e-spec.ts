import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo } from '../apps/api/src/seed/seed-demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const REFERENCE = 'MOC-2017-JP-ICT';

async function counts() {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*) FROM agreement)::int AS agreements,
            (SELECT count(*) FROM agreement_area)::int AS areas,
            (SELECT count(*) FROM milestone)::int AS milestones,
            (SELECT sum(version) FROM agreement)::int AS agreement_versions,
            (SELECT sum(version) FROM milestone)::int AS milestone_versions`,
  );
  return row;
}

async function japanMilestones() {
  return t.dataSource.query(
    `SELECT m.title, m.owner_agency, m.due_on, m.status, m.target_value::int AS target, m.unit, m.area_code,
            m.description, m.created_by
       FROM milestone m JOIN agreement a ON a.id = m.agreement_id
      WHERE a.reference = $1 ORDER BY m.due_on, m.title`,
    [REFERENCE],
  );
}

describe('seedDemo', () => {
  it('seeds once, and a second run changes nothing', async () => {
    const first = await seedDemo(t.dataSource);
    expect(first).toEqual({
      agreements: { inserted: 4, updated: 0, unchanged: 0 },
      milestones: { inserted: 3, updated: 0, unchanged: 0 },
    });
    const afterFirst = await counts();
    expect(afterFirst).toMatchObject({ agreements: 4, milestones: 3 });

    const second = await seedDemo(t.dataSource);
    expect(second).toEqual({
      agreements: { inserted: 0, updated: 0, unchanged: 4 },
      milestones: { inserted: 0, updated: 0, unchanged: 3 },
    });
    expect(await counts()).toEqual(afterFirst);
  });

  it('makes the memorandum findable by Thai text and by country, as the source describes it', async () => {
    const byThai = await t.http.get('/agreements').query({ q: 'ญี่ปุ่น' });
    expect(byThai.status).toBe(200);
    expect(byThai.body.items.map((a: { reference: string }) => a.reference)).toEqual([REFERENCE]);

    const byCountry = await t.http.get('/agreements').query({ country: 'JP' });
    expect(byCountry.body.items).toHaveLength(1);
    const moc = byCountry.body.items[0];
    expect(moc).toMatchObject({
      reference: REFERENCE,
      kind: 'moc',
      status: 'approved',
      cabinetApprovedOn: '2017-05-30',
      termMonths: 60,
      signedOn: null,
      multilateral: false,
      sourceUrls: ['http://www.thaigov.go.th/news/contents/details/4283'],
      createdBy: 'seed:demo',
      version: 1,
      parties: [
        expect.objectContaining({ country: 'TH', organization: 'Ministry of Digital Economy and Society' }),
        expect.objectContaining({ country: 'JP', organization: 'Ministry of Internal Affairs and Communications' }),
      ],
    });
    expect(moc.areas).toEqual(['cybersecurity', 'disaster-ict', 'knowledge-sharing', 'other', 'postal', 'workforce']);
    expect(moc.titleTh).toContain('ญี่ปุ่น');
    for (const phrase of ['equality', 'reciprocity', 'mutual respect', 'mutual benefit', 'Tokyo', '2015-02-09']) {
      expect(moc.summary).toContain(phrase);
    }
  });

  it('puts the ministry’s programmes under it as milestones', async () => {
    const milestones = await japanMilestones();
    expect(milestones.map((m: { title: string; due_on: string }) => [m.due_on, m.title])).toEqual([
      ['2017-09-21', 'Digital Thailand Big Bang 2017'],
      ['2017-12-31', 'Net Pracharat village broadband (เน็ตประชารัฐ)'],
      ['2017-12-31', 'thailandpostmart.com e-commerce for community products'],
    ]);
    const [bigBang, netPracharat, postMart] = milestones;
    expect(netPracharat).toMatchObject({ owner_agency: 'TOT Public Company Ltd', target: 24700, unit: 'villages' });
    expect(bigBang.owner_agency).toContain('DEPA');
    expect(bigBang.description).toContain('IMPACT Muang Thong Thani');
    expect(postMart).toMatchObject({ owner_agency: 'Thailand Post Co. Ltd', area_code: 'postal' });
    expect(postMart.description).toContain('illustrative');
    expect(milestones.every((m: { created_by: string }) => m.created_by === 'seed:demo')).toBe(true);
  });

  it('marks the earlier Korea, China and ASEAN agreements illustrative; ASEAN is multilateral', async () => {
    const illustrative = await t.http.get('/agreements').query({ sort: 'reference' });
    const others = illustrative.body.items.filter((a: { reference: string }) => a.reference !== REFERENCE);
    expect(others.map((a: { parties: Array<{ country: string }> }) => a.parties[1].country).sort()).toEqual([
      'ASEAN',
      'CN',
      'KR',
    ]);
    for (const agreement of others) {
      expect(agreement.tags).toEqual(['illustrative']);
      expect(agreement.summary).toMatch(/^Illustrative record/);
      expect(agreement.titleTh).toEqual(expect.any(String));
    }
    const asean = others.find((a: { reference: string }) => a.reference.includes('ASEAN'));
    expect(asean.multilateral).toBe(true);
    expect((await t.http.get('/agreements').query({ q: 'อาเซียน' })).body.items).toHaveLength(1);
  });

  it('puts back a seeded record someone edited, bumping its version', async () => {
    const [{ id }] = await t.dataSource.query('SELECT id FROM agreement WHERE reference = $1', [REFERENCE]);
    const edited = await t.http.patch(`/agreements/${id}`).send({ version: 1, summary: 'edited', areas: ['postal'] });
    expect(edited.status).toBe(200);
    await t.dataSource.query(
      `UPDATE milestone SET due_on = '2018-06-30' WHERE title = 'Digital Thailand Big Bang 2017'`,
    );

    const rerun = await seedDemo(t.dataSource);
    expect(rerun.agreements).toEqual({ inserted: 0, updated: 1, unchanged: 3 });
    expect(rerun.milestones).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    const restored = await t.http.get(`/agreements/${id}`);
    expect(restored.body.summary).toContain('mutual benefit');
    expect(restored.body.areas).toHaveLength(6);
    expect(restored.body).toMatchObject({ version: 3, updatedBy: 'seed:demo' });
    expect((await japanMilestones())[0].due_on).toBe('2017-09-21');
  });

  it('refuses to overwrite a record an officer created under a seed reference, and rolls back', async () => {
    await t.dataSource.query(`UPDATE agreement SET created_by = 'officer@mdes.go.th' WHERE reference = $1`, [
      'MOU-2016-KR-DIGITAL',
    ]);
    await t.dataSource.query(`UPDATE milestone SET status = 'done', completed_on = '2017-12-20'`);
    await expect(seedDemo(t.dataSource)).rejects.toThrow(/MOU-2016-KR-DIGITAL was created by officer@mdes.go.th/);
    const [{ done }] = await t.dataSource.query(`SELECT count(*)::int AS done FROM milestone WHERE status = 'done'`);
    expect(done).toBe(3);
  });
});
