import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'superagent';
import { agreementHeadings, milestoneHeadings, readWorkbook, workbook, type Cell } from './support/spreadsheets.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const NOW = '2026-11-26T02:00:00Z'; // 09:00 on 26 Nov 2026 in Bangkok

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(NOW);
});
afterAll(async () => {
  await t?.close();
});

type Agent = ReturnType<TestApp['as']>;

async function upload(content: Buffer, name = 'register.xlsx', agent: Agent = t.http, query = '') {
  return agent.post(`/imports${query}`).attach('file', content, name);
}

async function dryRun(id: string, agent: Agent = t.http, locale = 'en') {
  const res = await agent.post(`/imports/${id}/dry-run?locale=${locale}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function uploadAndCheck(content: Buffer, agent: Agent = t.http) {
  const res = await upload(content, 'register.xlsx', agent);
  expect(res.status).toBe(201);
  return dryRun(res.body.id, agent);
}

async function commit(body: { id: string; fingerprint: string }, agent: Agent = t.http) {
  return agent.post(`/imports/${body.id}/commit`).send({ fingerprint: body.fingerprint });
}

/** An agreement row in the English template's column order. */
function agreementRow(
  reference: string,
  overrides: Partial<Record<(typeof agreementHeadings)[number], Cell>> = {},
): Cell[] {
  const row: Record<string, Cell> = {
    Reference: reference,
    'Title (English)': `Memorandum ${reference}`,
    'Title (Thai)': `บันทึกความเข้าใจ ${reference}`,
    Kind: 'MOU',
    Status: 'in force',
    Parties: 'Japan: Ministry of Internal Affairs and Communications',
    'Lead agency': 'MDES',
    'Cooperation areas': 'cybersecurity; Postal cooperation',
    'Signed on': '2022-01-10',
    'Entry into force': '2022-01-10',
    'Term (months)': 60,
    'Last day': null,
    Renewal: 'none',
    'Notice (days)': 90,
    ...overrides,
  };
  return agreementHeadings.map((h) => row[h]);
}

async function agreementByReference(reference: string) {
  const res = await t.http.get('/agreements').query({ q: reference, includeArchived: true });
  return res.body.items.find((a: { reference: string }) => a.reference === reference);
}

describe('importing a register from a workbook', () => {
  const file = () =>
    workbook(
      {
        name: 'Agreements',
        rows: [
          agreementHeadings,
          agreementRow('IMP-2022-0001'),
          agreementRow('IMP-2022-0002', { Kind: 'บันทึกความร่วมมือ' }),
        ],
      },
      {
        name: 'Milestones',
        rows: [
          milestoneHeadings,
          ['IMP-2022-0001', 'Joint cyber drill', 'ThaiCERT', '2027-03-31', 'planned', 2, 'drills'],
          ['IMP-2022-0001', 'Workshop', null, '15/01/2570', 'กำลังดำเนินการ', null, null],
        ],
      },
    );

  it('guesses the mapping, dry-runs without writing, commits all rows with reminders and audit tagged with the import', async () => {
    const uploaded = await upload(await file());
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ format: 'xlsx', state: 'uploaded' });
    expect(uploaded.body.mapping.agreements).toMatchObject({
      sheet: 'Agreements',
      columns: { Reference: 'reference', 'Entry into force': 'effectiveOn', 'Last day': 'lastDay' },
    });
    expect(uploaded.body.mapping.milestones).toMatchObject({
      sheet: 'Milestones',
      columns: { Due: 'dueOn', Agreement: 'agreement' },
    });

    const checked = await dryRun(uploaded.body.id);
    expect(checked.summary).toEqual({
      agreements: { create: 2, update: 0, unchanged: 0, problem: 0 },
      milestones: { create: 2, update: 0, unchanged: 0, problem: 0 },
      problems: 0,
      rowsWithProblems: 0,
    });
    expect(checked.rows[0]).toMatchObject({ sheet: 'Agreements', row: 2, action: 'create', key: 'IMP-2022-0001' });
    expect(await agreementByReference('IMP-2022-0001')).toBeUndefined();

    const committed = await commit(checked);
    expect(committed.status).toBe(200);
    expect(committed.body.state).toBe('committed');

    const created = await agreementByReference('IMP-2022-0001');
    expect(created).toMatchObject({
      kind: 'mou',
      status: 'in-force',
      expiresOn: '2027-01-09',
      areas: ['cybersecurity', 'postal'],
    });
    expect(created.parties).toMatchObject([
      { country: 'TH', organization: 'MDES' },
      { country: 'JP', organization: 'Ministry of Internal Affairs and Communications' },
    ]);
    expect((await agreementByReference('IMP-2022-0002')).kind).toBe('moc');
    const milestones = (await t.http.get(`/agreements/${created.id}/milestones`)).body.items;
    expect(
      milestones.map((m: { title: string; dueOn: string; status: string }) => [m.title, m.dueOn, m.status]),
    ).toEqual([
      ['Workshop', '2027-01-15', 'in-progress'],
      ['Joint cyber drill', '2027-03-31', 'planned'],
    ]);
    // Notice deadline 2026-10-11 has passed; the expiry reminders ahead are planned in the same transaction.
    const reminders = await t.ownerQuery<{ kind: string }>(
      `SELECT kind FROM reminder WHERE agreement_id = $1 AND state = 'pending'`,
      [created.id],
    );
    expect(reminders.map((r) => r.kind)).toEqual(expect.arrayContaining(['expiry', 'milestone-due']));
    const events = await t.ownerQuery<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_event WHERE metadata->>'importId' = $1 GROUP BY action ORDER BY action`,
      [checked.id],
    );
    expect(events).toEqual([
      { action: 'agreement.create', n: 2 },
      { action: 'milestone.create', n: 2 },
    ]);
    const verify = await t.as('auditor').get('/audit-events/verify');
    expect(verify.body).toMatchObject({ valid: true });
  });

  it('re-imports the same file as 0 changes, and a corrected file changes only the corrected rows', async () => {
    const again = await uploadAndCheck(await file());
    expect(again.summary.agreements).toEqual({ create: 0, update: 0, unchanged: 2, problem: 0 });
    expect(again.summary.milestones).toEqual({ create: 0, update: 0, unchanged: 2, problem: 0 });
    expect(again.rows).toEqual([]);

    const corrected = await workbook(
      {
        name: 'Agreements',
        rows: [
          agreementHeadings,
          agreementRow('IMP-2022-0001', { 'Notice (days)': 120 }),
          agreementRow('IMP-2022-0002', { Kind: 'บันทึกความร่วมมือ' }),
        ],
      },
      {
        name: 'Milestones',
        rows: [
          milestoneHeadings,
          ['IMP-2022-0001', 'Joint cyber drill', 'ThaiCERT', '2027-04-30', 'planned', 2, 'drills'],
        ],
      },
    );
    const checked = await uploadAndCheck(corrected);
    expect(checked.summary.agreements).toEqual({ create: 0, update: 1, unchanged: 1, problem: 0 });
    expect(checked.summary.milestones).toEqual({ create: 0, update: 1, unchanged: 0, problem: 0 });
    expect(checked.rows).toEqual([
      expect.objectContaining({
        row: 2,
        action: 'update',
        changes: [{ field: 'noticeDays', column: 'Notice (days)', before: 90, after: 120 }],
      }),
      expect.objectContaining({
        sheet: 'Milestones',
        action: 'update',
        changes: [{ field: 'dueOn', column: 'Due', before: '2027-03-31', after: '2027-04-30' }],
      }),
    ]);
    const before = await agreementByReference('IMP-2022-0002');
    expect((await commit(checked)).status).toBe(200);
    expect((await agreementByReference('IMP-2022-0001')).noticeDays).toBe(120);
    expect((await agreementByReference('IMP-2022-0002')).version).toBe(before.version);

    // Undo puts the notice period and due date back.
    const undone = await t.http.post(`/imports/${checked.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.state).toBe('undone');
    expect((await agreementByReference('IMP-2022-0001')).noticeDays).toBe(90);
  });

  it('undoes an import as a whole (its agreements archived), but not once one of its records was edited', async () => {
    const rows = [agreementHeadings, agreementRow('UND-2022-0001'), agreementRow('UND-2022-0002')];
    const checked = await uploadAndCheck(await workbook({ name: 'Agreements', rows }));
    expect((await commit(checked)).status).toBe(200);
    const edited = await agreementByReference('UND-2022-0002');
    expect(
      (await t.http.patch(`/agreements/${edited.id}`).send({ version: edited.version, summary: 'edited by hand' }))
        .status,
    ).toBe(200);
    const refused = await t.http.post(`/imports/${checked.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'IMPORT_STALE' });
    expect(refused.body.message).toContain('UND-2022-0002');

    const second = await uploadAndCheck(
      await workbook({ name: 'Agreements', rows: [agreementHeadings, agreementRow('UND-2022-0003')] }),
    );
    expect((await commit(second)).status).toBe(200);
    expect((await t.http.post(`/imports/${second.id}/undo`)).status).toBe(200);
    const archived = await agreementByReference('UND-2022-0003');
    expect(archived.archived).toBe(true);
    const reminders = await t.ownerQuery(`SELECT 1 FROM reminder WHERE agreement_id = $1 AND state = 'pending'`, [
      archived.id,
    ]);
    expect(reminders).toEqual([]);
  });

  it('refuses a commit whose records changed since the dry run (409), and commits nothing', async () => {
    const first = await uploadAndCheck(
      await workbook({ name: 'Agreements', rows: [agreementHeadings, agreementRow('STL-2022-0001')] }),
    );
    expect((await commit(first)).status).toBe(200);
    const checked = await uploadAndCheck(
      await workbook({
        name: 'Agreements',
        rows: [
          agreementHeadings,
          agreementRow('STL-2022-0001', { 'Notice (days)': 30 }),
          agreementRow('STL-2022-0002'),
        ],
      }),
    );
    const current = await agreementByReference('STL-2022-0001');
    await t.http.patch(`/agreements/${current.id}`).send({ version: current.version, signedPlace: 'Tokyo' });
    const refused = await commit(checked);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IMPORT_STALE');
    expect(await agreementByReference('STL-2022-0002')).toBeUndefined();
    expect((await agreementByReference('STL-2022-0001')).noticeDays).toBe(90);

    const again = await dryRun(checked.id);
    expect((await commit(again)).status).toBe(200);
    expect((await agreementByReference('STL-2022-0001')).noticeDays).toBe(30);
  });
});

describe('the audit chain during a commit', () => {
  it('takes the chain’s lock only to append the events, after every record is written, and the chain holds', async () => {
    const checked = await uploadAndCheck(
      await workbook(
        { name: 'Agreements', rows: [agreementHeadings, agreementRow('LCK-2022-0001'), agreementRow('LCK-2022-0002')] },
        {
          name: 'Milestones',
          rows: [milestoneHeadings, ['LCK-2022-0001', 'Kick-off', null, '2027-03-31', 'planned', null, null]],
        },
      ),
    );
    const { result, queries } = await t.countQueries(() => commit(checked));
    expect(result.status).toBe(200);
    const lockAt = queries.findIndex((sql) => sql.includes('pg_advisory_xact_lock'));
    const lastWrite = queries.findLastIndex((sql) =>
      /INSERT INTO (agreement|milestone|spreadsheet_import_record) /.test(sql),
    );
    expect(lastWrite).toBeGreaterThan(0);
    // Every other writer in the product waits on this lock: it must not be held while rows are written.
    expect(lockAt).toBeGreaterThan(lastWrite);
    const events = await t.ownerQuery<{ action: string; entity_id: string; later: boolean }>(
      `SELECT action, entity_id, occurred_at >= (SELECT max(occurred_at) FROM audit_event e2
                                                 WHERE e2.seq < e.seq) AS later
         FROM audit_event e WHERE metadata->>'importId' = $1 OR entity_id = $1 ORDER BY seq`,
      [checked.id],
    );
    expect(events.map((e) => e.action)).toEqual([
      'agreement.create',
      'agreement.create',
      'milestone.create',
      'import.commit',
    ]);
    // Staged events take the time of their append: seq and occurred_at still rise together.
    expect(events.every((e) => e.later)).toBe(true);
    const verify = await t.as('auditor').get('/audit-events/verify');
    expect(verify.body).toMatchObject({ valid: true });
  });
});

describe('the report in the person’s language', () => {
  it('names statuses by their labels in problems, in English and Thai, not by their codes', async () => {
    const checked = await uploadAndCheck(
      await workbook({
        name: 'Agreements',
        rows: [agreementHeadings, agreementRow('LBL-2022-0001', { 'Signed on': null, 'Entry into force': null })],
      }),
    );
    const row = (locale: string) =>
      t.http
        .get(`/imports/${checked.id}/rows`)
        .query({ locale, problems: true })
        .then((res) => res.body.rows[0]);
    const en = (await row('en')).problems.map((p: { message: string }) => p.message).join(' | ');
    expect(en).toContain('an agreement that is In force');
    expect(en).not.toContain('in-force');
    const th = (await row('th')).problems.map((p: { message: string }) => p.message).join(' | ');
    expect(th).toContain('มีผลบังคับใช้');
    expect(th).not.toContain('in-force');
  });
});

describe('who may import', () => {
  it('reports another agency’s rows as problems for an officer, refuses the commit, and refuses auditors', async () => {
    const rows = [
      agreementHeadings,
      agreementRow('AGY-2022-0001'),
      agreementRow('AGY-2022-0002', { 'Lead agency': 'DEPA' }),
    ];
    const checked = await uploadAndCheck(await workbook({ name: 'Agreements', rows }), t.as('officer'));
    expect(checked.summary.agreements).toEqual({ create: 1, update: 0, unchanged: 0, problem: 1 });
    expect(checked.rows[1].problems).toEqual([
      expect.objectContaining({
        field: 'leadAgency',
        column: 'Lead agency',
        code: 'otherAgency',
        message: 'row 3, Lead agency: belongs to DEPA; officers of MDES import only their own agency’s records',
      }),
    ]);
    const refused = await commit(checked, t.as('officer'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IMPORT_NOT_READY');
    expect(await agreementByReference('AGY-2022-0001')).toBeUndefined();

    const auditor = await upload(await workbook({ name: 'Agreements', rows }), 'x.xlsx', t.as('auditor'));
    expect(auditor.status).toBe(403);
    expect((await t.as('otherOfficer').post(`/imports/${checked.id}/dry-run`)).status).toBe(403);
    const ids = async (agent: Agent) => (await agent.get('/imports')).body.map((i: { id: string }) => i.id);
    expect(await ids(t.as('officer'))).toContain(checked.id);
    expect(await ids(t.as('manager'))).toContain(checked.id);
    expect(await ids(t.as('otherOfficer'))).not.toContain(checked.id);
  });
});

describe('the problems download and the template', () => {
  it('gives the same sheet back with a Problems column, in Thai on request', async () => {
    const rows = [
      agreementHeadings,
      agreementRow('PRB-2022-0001', { 'Last day': '31/02/2560' }),
      agreementRow('PRB-2022-0002'),
    ];
    const checked = await uploadAndCheck(await workbook({ name: 'Agreements', rows }));
    expect(checked.rows[0].problems[0].message).toBe(
      'row 2, Last day: 31/02/2560 is not a date (write YYYY-MM-DD, DD/MM/YYYY with a BE or CE year, or 5 มิถุนายน 2560)',
    );
    const xlsx = await t.http.get(`/imports/${checked.id}/problems.xlsx?locale=th`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const back = await readWorkbook(xlsx.body);
    expect(back.Agreements[0]).toEqual([...agreementHeadings, 'ปัญหา']);
    expect(back.Agreements[1][0]).toBe('PRB-2022-0001');
    expect(back.Agreements[1][agreementHeadings.length]).toBe(
      'Last day: 31/02/2560 ไม่ใช่วันที่ (ใช้รูปแบบ YYYY-MM-DD, DD/MM/YYYY ปี พ.ศ. หรือ ค.ศ. หรือ 5 มิถุนายน 2560)',
    );
    expect(back.Agreements[2][agreementHeadings.length]).toBeUndefined();

    const csv = await t.http.get(`/imports/${checked.id}/problems.csv`).set('Accept-Language', 'en-GB,en;q=0.8');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0] ?? csv.text.split('\n')[0]).toContain('Problems');
    expect(csv.text).toContain('Last day: 31/02/2560 is not a date');
  });

  it('serves a template in Thai whose example rows import without a problem', async () => {
    const res = await t.http.get('/imports/template.xlsx?locale=th').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const sheets = await readWorkbook(res.body);
    expect(Object.keys(sheets)).toEqual(['ความตกลง', 'กิจกรรม', 'ค่าที่ใช้ได้']);
    expect(sheets['ความตกลง'][0]).toContain('วันสิ้นสุด');
    expect(sheets['ค่าที่ใช้ได้']).toEqual(
      expect.arrayContaining([['ประเภท', 'moc', expect.stringContaining('บันทึกความร่วมมือ')]]),
    );

    const checked = await uploadAndCheck(res.body);
    expect(checked.summary).toMatchObject({
      agreements: { create: 1, problem: 0 },
      milestones: { create: 1, problem: 0 },
      problems: 0,
    });
  });
});

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
