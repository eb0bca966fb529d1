import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { aMilestone, anAgreement, japanMemorandum } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * What the console's screens read. "Export what you see": each list's report takes
 * exactly that list's filters (search included) plus how to write it, in the reader's
 * language and calendar, and comes as a download the browser saves while it streams. An
 * agreement's timeline: every date, and how each derived one was derived.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Parameter {
  name: string;
  in: string;
}
type Paths = Record<string, Record<string, { parameters?: Parameter[] }>>;

const queryNames = (paths: Paths, path: string) =>
  (paths[path].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('exports of the lists', () => {
  it('take exactly the list routes’ filters, without paging, plus format, calendar and locale', async () => {
    const paths = (await t.http.get('/docs-json')).body.paths as Paths;
    for (const list of ['/agreements', '/deadlines', '/milestones']) {
      const filters = queryNames(paths, list).filter((name) => name !== 'limit' && name !== 'cursor');
      // The register's export may also list each agreement's documents (a column, not a filter).
      const reportOnly = list === '/agreements' ? ['documents'] : [];
      expect(queryNames(paths, `/reports${list}`).sort()).toEqual(
        [...filters, 'format', 'calendar', 'locale', ...reportOnly].sort(),
      );
    }
    expect(queryNames(paths, '/reports/agreements')).toContain('q');
  });

  it('finds by a Thai word as the register does, in Thai and the Buddhist Era, as a download', async () => {
    const created = await t.http.post('/agreements').send(
      japanMemorandum({
        status: 'in-force',
        signedOn: '2017-06-05',
        effectiveOn: '2017-06-05',
        noticeDays: 90,
        renewal: 'by-consent',
      }),
    );
    expect(created.status).toBe(201);
    await t.http.post('/agreements').send(anAgreement({ titleTh: 'บันทึกความเข้าใจด้านการเกษตร' }));
    const milestone = await t.http
      .post(`/agreements/${created.body.id}/milestones`)
      .send(aMilestone({ title: 'Net Pracharat', targetValue: 24700, unit: 'villages' }));
    expect(milestone.status).toBe(201);

    const query = { q: 'ญี่ปุ่น' };
    const listed = (await t.as('auditor').get('/agreements').query(query)).body.items as Array<{ reference: string }>;
    expect(listed.map((a) => a.reference)).toEqual([created.body.reference]);

    const res = await t
      .as('auditor')
      .get('/reports/agreements')
      .query({ ...query, format: 'pdf', locale: 'th', calendar: 'buddhist' })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="agreements-2026-11-26.pdf"');
    expect(res.headers['cache-control']).toBe('no-store');

    const csv = await t
      .as('auditor')
      .get('/reports/agreements')
      .query({ ...query, format: 'csv', locale: 'th', calendar: 'buddhist' })
      .buffer(true)
      .parse(binary);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="agreements-2026-11-26.csv"');
    // Streamed as PostgreSQL writes it: no length known up front, so the download starts at once.
    expect(csv.headers['content-length']).toBeUndefined();
    expect(csv.headers['transfer-encoding']).toBe('chunked');
    const [headings, ...rows] = parse((csv.body as Buffer).toString('utf8'), { bom: true }) as string[][];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(created.body.reference);
    expect(rows[0]).toContain('4 มิถุนายน 2565'); // last day in force, 2022-06-04, in the Buddhist Era
    expect(headings.join(' ')).toMatch(/[ก-๙]/);

    for (const path of ['/reports/milestones', '/reports/deadlines']) {
      const other = await t.as('auditor').get(path).query({ format: 'xlsx', locale: 'th', calendar: 'buddhist' });
      expect(other.status).toBe(200);
      expect(other.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-2026-11-26\.xlsx"$/);
    }
  });
});

describe('an agreement’s lifecycle timeline', () => {
  it('has every date of the Thailand–Japan memorandum, each term and how its last day was derived', async () => {
    const res = await t.http.post('/agreements').send(
      japanMemorandum({
        reference: 'MOC-JP-TIMELINE',
        cabinetResolutionRef: 'ครม. 30 พ.ค. 2560',
        status: 'in-force',
        signedOn: '2017-06-05',
        signedPlace: 'Bangkok',
        effectiveOn: '2017-06-05',
        renewal: 'by-consent',
        noticeDays: 90,
      }),
    );
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const agreement = (await t.as('auditor').get(`/agreements/${id}`)).body;
    expect(agreement).toMatchObject({
      cabinetApprovedOn: '2017-05-30',
      cabinetResolutionRef: 'ครม. 30 พ.ค. 2560',
      signedOn: '2017-06-05',
      signedPlace: 'Bangkok',
      effectiveOn: '2017-06-05',
      termMonths: 60,
      termStartsOn: '2017-06-05',
      expiresOn: '2022-06-04',
      noticeDays: 90,
      noticeDeadline: '2022-03-06',
      status: 'expired', // on the test clock's 26 November 2026
      terminatesOn: null,
      supersededBy: [],
    });
    const terms = (await t.as('auditor').get(`/agreements/${id}/terms`)).body;
    expect(terms).toEqual([
      expect.objectContaining({
        seq: 1,
        origin: 'original',
        startsFrom: 'entry-into-force',
        startsOn: '2017-06-05',
        termMonths: 60,
        endsOn: '2022-06-04',
        current: true,
      }),
    ]);

    // A successor, signed while it is still in force, supersedes it: both pages name the
    // other, with reference and titles.
    t.clock.set('2022-05-01T02:00:00Z');
    const successor = await t.http.post('/agreements').send(
      anAgreement({
        titleEn: 'Memorandum of Cooperation on Digital, 2022',
        titleTh: 'บันทึกความร่วมมือด้านดิจิทัล พ.ศ. 2565',
        supersedesId: id,
        status: 'signed',
        signedOn: '2022-04-30',
        effectiveOn: '2022-06-05',
      }),
    );
    t.clock.set('2026-11-26T02:00:00Z');
    expect(successor.status).toBe(201);
    expect(successor.body.supersedes).toEqual({
      id,
      reference: 'MOC-JP-TIMELINE',
      titleEn: agreement.titleEn,
      titleTh: agreement.titleTh,
      effectiveOn: '2017-06-05',
    });
    const superseded = (await t.as('auditor').get(`/agreements/${id}`)).body;
    expect(superseded.status).toBe('superseded');
    expect(superseded.supersededBy).toEqual([
      {
        id: successor.body.id,
        reference: successor.body.reference,
        titleEn: 'Memorandum of Cooperation on Digital, 2022',
        titleTh: 'บันทึกความร่วมมือด้านดิจิทัล พ.ศ. 2565',
        effectiveOn: '2022-06-05',
      },
    ]);
  });
});
