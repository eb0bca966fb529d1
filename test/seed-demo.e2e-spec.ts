import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo } from '../apps/api/src/seed/seed-demo.js';
import { ReminderPlanner } from '../libs/reminders/src/index.js';
import pg from 'pg';
import { exited, spawnBuilt } from './support/built-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { cloneTemplate, dropDatabase } from './support/test-database.js';

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
    const first = await seedDemo(t.app);
    expect(first).toEqual({
      agreements: { inserted: 4, updated: 0, unchanged: 0 },
      milestones: { inserted: 3, updated: 0, unchanged: 0 },
    });
    const afterFirst = await counts();
    expect(afterFirst).toMatchObject({ agreements: 4, milestones: 3 });

    const second = await seedDemo(t.app);
    expect(second).toEqual({
      agreements: { inserted: 0, updated: 0, unchanged: 4 },
      milestones: { inserted: 0, updated: 0, unchanged: 3 },
    });
    expect(await counts()).toEqual(afterFirst);
  });

  it('goes through the services: audit events, term rows and a reminder plan, as the system actor seed:demo', async () => {
    const agreements = await t.dataSource.query(
      `SELECT a.id, a.reference, a.status, a.effective_on IS NOT NULL AS in_force,
              (SELECT count(*) FROM agreement_term at WHERE at.agreement_id = a.id)::int AS terms,
              (SELECT count(*) FROM reminder r WHERE r.agreement_id = a.id)::int AS reminders
         FROM agreement a ORDER BY a.reference`,
    );
    expect(agreements).toHaveLength(4);
    const events = await t.as('auditor').get('/audit-events').query({ limit: 100 });
    expect(events.status).toBe(200);
    const seeded = events.body.items.filter((e: { actorEmail: string }) => e.actorEmail === 'seed:demo');
    const actions = seeded.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'agreement.create')).toHaveLength(4);
    expect(actions.filter((a: string) => a === 'milestone.create')).toHaveLength(3);
    expect(seeded.every((e: { actorRole: string; actorId: string | null }) => e.actorRole === 'system')).toBe(true);
    for (const a of agreements) {
      const history = (await t.as('auditor').get(`/agreements/${a.id}/history`)).body.items;
      expect([a.reference, history[0]?.action]).toEqual([a.reference, 'agreement.create']);
      // In force: its term is on record from entry into force.
      if (a.in_force) expect([a.reference, a.terms]).toEqual([a.reference, 1]);
    }
    // The memorandum is not in force yet, but its programmes are overdue: they get reminded.
    const [japan] = agreements.filter((a: { reference: string }) => a.reference === REFERENCE);
    expect(japan.reminders).toBeGreaterThan(0);
    // The plan is the planner's own: planning everything again changes nothing.
    const plan = () => t.dataSource.query(`SELECT agreement_id, kind, due_on, state FROM reminder ORDER BY 1, 2, 3, 4`);
    const seededPlan = await plan();
    await t.dataSource.transaction((tx) => t.app.get(ReminderPlanner).replan(tx, null));
    expect(await plan()).toEqual(seededPlan);
    expect((await t.as('auditor').get('/audit-events/verify')).body.valid).toBe(true);
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

    const rerun = await seedDemo(t.app);
    expect(rerun.agreements).toEqual({ inserted: 0, updated: 1, unchanged: 3 });
    expect(rerun.milestones).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    const restored = await t.http.get(`/agreements/${id}`);
    expect(restored.body.summary).toContain('mutual benefit');
    expect(restored.body.areas).toHaveLength(6);
    expect(restored.body).toMatchObject({ version: 3, updatedBy: 'seed:demo' });
    // Put back through the service: an audit event says what changed back, and by whom.
    const history = (await t.as('auditor').get(`/agreements/${id}/history`)).body.items;
    expect(history.filter((e: { action: string }) => e.action === 'agreement.update').at(-1)).toMatchObject({
      actorEmail: 'seed:demo',
      after: expect.objectContaining({ summary: expect.stringContaining('mutual benefit') }),
    });
    expect((await japanMilestones())[0].due_on).toBe('2017-09-21');
  });

  it('refuses to overwrite a record an officer created under a seed reference, and rolls back', async () => {
    await t.dataSource.query(`UPDATE agreement SET created_by = 'officer@mdes.go.th' WHERE reference = $1`, [
      'MOU-2016-KR-DIGITAL',
    ]);
    await t.dataSource.query(`UPDATE milestone SET status = 'done', completed_on = '2017-12-20'`);
    await expect(seedDemo(t.app)).rejects.toThrow(/MOU-2016-KR-DIGITAL was created by officer@mdes.go.th/);
    const [{ done }] = await t.dataSource.query(`SELECT count(*)::int AS done FROM milestone WHERE status = 'done'`);
    expect(done).toBe(3);
  });
});

describe('npm run seed:demo', () => {
  const entry = 'dist/apps/api/src/seed/seed-demo.js';
  let database: { name: string; url: string };
  beforeAll(async () => {
    database = await cloneTemplate();
  });
  afterAll(async () => {
    if (database) await dropDatabase(database.name);
  });

  async function run() {
    const { child, output } = spawnBuilt(entry, {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    expect(await exited(child, 60_000)).toEqual({ code: 0, signal: null });
    return output.stdout.trim();
  }

  it('seeds a database once, however many runs start together, and says what it did', async () => {
    const together = await Promise.all([run(), run()]);
    const summary = (counts: string) => `seed:demo: ${database.name}: ${counts}`;
    expect(together.sort()).toEqual(
      [
        summary('agreements 0 inserted, 0 updated, 4 unchanged; milestones 0 inserted, 0 updated, 3 unchanged'),
        summary('agreements 4 inserted, 0 updated, 0 unchanged; milestones 3 inserted, 0 updated, 0 unchanged'),
      ].sort(),
    );
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const [row] = await client
      .query(
        `SELECT (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM milestone)::int AS milestones,
                (SELECT count(*) FROM audit_event WHERE actor_email = 'seed:demo')::int AS events`,
      )
      .then((result) => result.rows)
      .finally(() => client.end());
    expect(row).toEqual({ agreements: 4, milestones: 3, events: 7 });
  }, 120_000);
});
