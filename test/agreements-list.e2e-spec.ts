import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CapturedQuery, startTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /agreements end to end, against the real database: every filter alone and combined,
 * every sort, keyset pages, bad input, the statement count, and (on 20k rows) index use.
 *
 * The filter and sort tests compare the API with a small model of the rows this file
 * created (filter + sort in JavaScript), and pin the important cases by hand as well.
 */

const TODAY_INSTANT = '2026-11-26T02:00:00Z'; // 09:00 on 26 Nov 2026 in Bangkok

interface Party {
  country: string;
  organization: string;
}

/** What the model keeps of each agreement this file created. */
interface Row {
  id: string;
  reference: string;
  titleEn: string | null;
  titleTh: string | null;
  kind: string;
  parties: Party[];
  leadAgency: string;
  areas: string[];
  signedOn: string | null;
  expiresOn: string | null;
  /** The status as stored (not as read). */
  stored: string;
  archived: boolean;
  createdAt: string;
}

interface Filters {
  q?: string;
  country?: string;
  area?: string;
  status?: string;
  kind?: string;
  leadAgency?: string;
  expiresFrom?: string;
  expiresTo?: string;
  signedFrom?: string;
  signedTo?: string;
  includeArchived?: boolean;
}

type Query = Filters & { sort?: string; limit?: number; cursor?: string };

interface Item {
  id: string;
  reference: string;
  status: string;
  expiresOn: string | null;
  signedOn: string | null;
  parties: Party[];
  areas: string[];
  archived: boolean;
}

interface Page {
  items: Item[];
  total: number;
  nextCursor: string | null;
}

const sorts = [
  'createdAt',
  '-createdAt',
  'reference',
  '-reference',
  'expiresOn',
  '-expiresOn',
  'signedOn',
  '-signedOn',
] as const;

const effectiveStatus = (r: Row, today: string) =>
  r.stored === 'in-force' && r.expiresOn !== null && r.expiresOn < today ? 'expired' : r.stored;

/** Mirrors what q searches: reference, both titles, each party's organisation and code. */
const searchText = (r: Row) =>
  [r.reference, r.titleEn, r.titleTh, ...r.parties.map((p) => `${p.organization} ${p.country}`)]
    .filter((part) => part !== null)
    .join(' ')
    .toLowerCase();

function matches(r: Row, f: Filters, today: string): boolean {
  return (
    (f.includeArchived === true || !r.archived) &&
    (f.q === undefined || searchText(r).includes(f.q.toLowerCase())) &&
    (f.country === undefined || r.parties.some((p) => p.country === f.country)) &&
    (f.area === undefined || r.areas.includes(f.area)) &&
    (f.status === undefined || effectiveStatus(r, today) === f.status) &&
    (f.kind === undefined || r.kind === f.kind) &&
    (f.leadAgency === undefined || r.leadAgency === f.leadAgency) &&
    (f.expiresFrom === undefined || (r.expiresOn !== null && r.expiresOn >= f.expiresFrom)) &&
    (f.expiresTo === undefined || (r.expiresOn !== null && r.expiresOn <= f.expiresTo)) &&
    (f.signedFrom === undefined || (r.signedOn !== null && r.signedOn >= f.signedFrom)) &&
    (f.signedTo === undefined || (r.signedOn !== null && r.signedOn <= f.signedTo))
  );
}

/** Sort keys as the API defines them: missing dates sort as +infinity, ties break on id. */
function sortKey(r: Row, field: string): string {
  switch (field) {
    case 'createdAt':
      return r.createdAt;
    case 'reference':
      return r.reference;
    case 'expiresOn':
      return r.expiresOn ?? '\uffff';
    case 'signedOn':
      return r.signedOn ?? '\uffff';
    default:
      throw new Error(`no sort ${field}`);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function ordered(rows: Row[], sort: string): Row[] {
  const field = sort.replace(/^-/, '');
  const sign = sort.startsWith('-') ? -1 : 1;
  return [...rows].sort(
    (a, b) => sign * (compareText(sortKey(a, field), sortKey(b, field)) || compareText(a.id, b.id)),
  );
}

const refs = (items: Array<{ reference: string }>) => items.map((i) => i.reference);

/** Walks every page of a listing; checks page sizes, total and the last cursor on the way. */
async function walk(t: TestApp, query: Query, limit: number): Promise<{ items: Item[]; totals: number[] }> {
  const items: Item[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 500; pages += 1) {
    const res = await t.http.get('/agreements').query({ ...query, limit, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    const page = res.body as Page;
    totals.push(page.total);
    items.push(...page.items);
    if (!page.nextCursor) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return { items, totals };
    }
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('the listing never ended');
}

function fieldsOf(body: { errors?: Array<{ field: string }> }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}

describe('GET /agreements', () => {
  let t: TestApp;
  const rows: Row[] = [];
  const byRef = (reference: string): Row => {
    const row = rows.find((r) => r.reference === reference);
    if (!row) throw new Error(`no fixture ${reference}`);
    return row;
  };

  async function create(body: Record<string, unknown>): Promise<Row> {
    const res = await t.http.post('/agreements').send(body);
    expect(res.status).toBe(201);
    const row: Row = {
      id: res.body.id,
      reference: res.body.reference,
      titleEn: res.body.titleEn,
      titleTh: res.body.titleTh,
      kind: res.body.kind,
      parties: res.body.parties,
      leadAgency: res.body.leadAgency,
      areas: res.body.areas,
      signedOn: res.body.signedOn,
      expiresOn: res.body.expiresOn,
      stored: (body.status as string | undefined) ?? 'draft',
      archived: false,
      createdAt: res.body.createdAt,
    };
    rows.push(row);
    return row;
  }

  async function list(query: Query): Promise<Page> {
    const res = await t.http.get('/agreements').query(query);
    expect(res.status).toBe(200);
    return res.body as Page;
  }

  /** The API's answer for `filters` equals the model's: same rows, same order, same total. */
  async function expectListing(filters: Filters, sort = '-createdAt'): Promise<Row[]> {
    const expected = ordered(
      rows.filter((r) => matches(r, filters, t.clock.today())),
      sort,
    );
    expect(expected.length).toBeLessThanOrEqual(100);
    const page = await list({ ...filters, sort, limit: 100 });
    expect(refs(page.items)).toEqual(refs(expected));
    expect(page.total).toBe(expected.length);
    expect(page.nextCursor).toBeNull();
    return expected;
  }

  const th = (organization = 'Ministry of Digital Economy and Society'): Party => ({ country: 'TH', organization });

  beforeAll(async () => {
    t = await startTestApp(TODAY_INSTANT);

    // Hand-made records, each there for a reason.
    await create({
      reference: 'MOC-2017-0001',
      titleEn: 'Memorandum of Cooperation in the field of ICT and Digital between MDES and MIC of Japan',
      titleTh:
        'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม กับกระทรวงกิจการภายในและการสื่อสารของญี่ปุ่น',
      kind: 'moc',
      parties: [th(), { country: 'JP', organization: 'Ministry of Internal Affairs and Communications' }],
      leadAgency: 'MDES',
      areas: ['cybersecurity', 'disaster-ict', 'knowledge-sharing', 'workforce', 'postal', 'other'],
      cabinetApprovedOn: '2017-05-30',
      signedOn: '2017-06-05',
      effectiveOn: '2017-06-05',
      termMonths: 60,
      status: 'in-force', // stored in force; its last day (2022-06-04) has passed, so it reads expired
    });
    await create({
      reference: 'MOU-2023-0001',
      titleEn: 'MOU on Digital Government with Korea',
      titleTh: 'บันทึกความเข้าใจด้านรัฐบาลดิจิทัลกับสาธารณรัฐเกาหลี',
      kind: 'mou',
      parties: [th(), { country: 'KR', organization: 'Ministry of Science and ICT' }],
      leadAgency: 'MDES',
      areas: ['knowledge-sharing'],
      signedOn: '2023-03-01',
      effectiveOn: '2023-03-01',
      termMonths: 60,
      status: 'in-force',
    });
    await create({
      reference: 'AGR-2015-0001',
      titleEn: 'Agreement on Cybersecurity Cooperation',
      kind: 'agreement',
      parties: [
        th('Electronic Transactions Development Agency'),
        { country: 'CN', organization: 'Cyberspace Administration of China' },
      ],
      leadAgency: 'ETDA',
      areas: ['cybersecurity'],
      signedOn: '2015-01-10',
      effectiveOn: '2015-01-10',
      termMonths: 60,
      status: 'expired',
    });
    await create({
      reference: 'PRT-2024-0001',
      titleEn: 'ASEAN Digital Masterplan Protocol',
      titleTh: 'พิธีสารแผนแม่บทดิจิทัลอาเซียน',
      kind: 'protocol',
      parties: [
        th(),
        { country: 'ASEAN', organization: 'ASEAN Secretariat' },
        { country: 'VN', organization: 'Ministry of Information and Communications' },
      ],
      leadAgency: 'DEPA',
      areas: ['workforce', 'other'],
      signedOn: '2024-08-15',
      status: 'signed',
    });
    await create({
      reference: 'MOU-2026-0100',
      titleEn: 'Net Pracharat: broadband for 100% of villages',
      kind: 'mou',
      parties: [
        th('TOT Public Company Limited'),
        { country: 'SG', organization: 'Infocomm Media Development Authority' },
      ],
      leadAgency: 'TOT',
      areas: ['other'],
      status: 'draft',
    });
    await create({
      reference: 'LOI-2017-0001',
      titleEn: 'Letter of intent on a postal e_commerce gateway',
      kind: 'letter-of-intent',
      parties: [th('Thailand Post Co. Ltd'), { country: 'UN', organization: 'Universal Postal Union' }],
      leadAgency: 'Thailand Post',
      areas: ['postal'],
      cabinetApprovedOn: '2017-05-30',
      status: 'approved',
    });
    await create({
      reference: 'EXN-2026-0001',
      titleEn: 'Notes on data\\exchange formats',
      kind: 'exchange-of-notes',
      parties: [th(), { country: 'KR', organization: 'National Information Society Agency' }],
      leadAgency: 'MDES',
      areas: ['knowledge-sharing'],
      status: 'negotiating',
    });
    await create({
      reference: 'MOC-2021-0001',
      titleEn: 'Weather observation data exchange with JMA',
      titleTh: 'ความร่วมมือด้านข้อมูลอุตุนิยมวิทยากับญี่ปุ่นเพื่อการลดความเสี่ยงจากภัยพิบัติ',
      kind: 'moc',
      parties: [th('Thai Meteorological Department'), { country: 'JP', organization: 'Japan Meteorological Agency' }],
      leadAgency: 'TMD',
      areas: ['disaster-ict'],
      signedOn: '2021-11-20',
      effectiveOn: '2021-11-27',
      termMonths: 60,
      status: 'in-force', // last day 2026-11-26: today, so still in force
    });
    await create({
      reference: 'MOU-2021-0001',
      titleEn: 'Cyber threat intelligence sharing',
      kind: 'mou',
      parties: [th(), { country: 'KR', organization: 'Korea Internet & Security Agency' }],
      leadAgency: 'MDES',
      areas: ['cybersecurity'],
      signedOn: '2021-11-28',
      effectiveOn: '2021-11-28',
      termMonths: 60,
      status: 'in-force', // last day 2026-11-27: tomorrow
    });
    const archived = await create({
      reference: 'MOC-2019-0001',
      titleEn: 'Archived Japan cooperation on broadcasting',
      kind: 'moc',
      parties: [th(), { country: 'JP', organization: 'NHK' }],
      leadAgency: 'MDES',
      areas: ['cybersecurity'],
      signedOn: '2019-04-01',
      effectiveOn: '2019-04-01',
      termMonths: 120,
      status: 'in-force',
    });
    await create({
      reference: 'LOI-2025-0001',
      titleEn: 'CYBER Resilience Letter',
      kind: 'letter-of-intent',
      parties: [th(), { country: 'ASEAN', organization: 'ASEAN CERT Network' }],
      leadAgency: 'ETDA',
      areas: ['cybersecurity', 'workforce'],
      status: 'awaiting-approval',
    });

    // Sixty more, varied, so pages, ties and the statement count have something to chew on.
    const partners = ['JP', 'KR', 'CN', 'SG', 'ASEAN'];
    const areaSets = [['cybersecurity'], ['postal', 'workforce'], ['knowledge-sharing'], ['cybersecurity', 'other']];
    const kinds = ['mou', 'moc', 'agreement'];
    const agencies = ['MDES', 'DEPA', 'ETDA'];
    const effective = ['2019-03-01', '2021-11-27', '2023-05-10', '2021-11-28', '2016-02-29'];
    const signed = ['2020-01-01', '2024-08-15', '2020-01-01'];
    for (let i = 0; i < 60; i += 1) {
      const stage: Record<string, unknown>[] = [
        { status: 'draft' },
        { status: 'signed', signedOn: signed[i % 3] },
        {
          status: 'in-force',
          signedOn: effective[(i >> 1) % 5],
          effectiveOn: effective[(i >> 1) % 5],
          termMonths: [60, 12, 60][i % 3],
        },
        { status: 'approved', cabinetApprovedOn: '2025-01-01' },
        { status: 'in-force', signedOn: '2022-01-15', effectiveOn: '2022-01-15', termMonths: 60 },
        { status: 'negotiating' },
      ];
      await create({
        reference: `BLK-${String((i * 37) % 100).padStart(4, '0')}`,
        titleEn: `Bulk cooperation ${i}`,
        ...(i % 7 === 0 ? { titleTh: `บันทึกความร่วมมือฉบับที่ ${i}` } : {}),
        kind: kinds[i % 3],
        parties: [th(), { country: partners[i % 5], organization: `Partner agency ${i}` }],
        leadAgency: agencies[Math.floor(i / 2) % 3],
        areas: areaSets[i % 4],
        ...stage[i % 6],
      });
    }

    // Archive one; make created_at exact to the millisecond (as the API shows it) and give
    // a few records the same instant, so ties must break on id.
    const res = await t.http.post(`/agreements/${archived.id}/archive`).send({ version: 1 });
    expect(res.status).toBe(200);
    archived.archived = true;
    await t.dataSource.query(`UPDATE agreement SET created_at = date_trunc('milliseconds', created_at)`);
    const tied = ['BLK-0037', 'BLK-0074', 'BLK-0011', 'MOU-2023-0001'];
    await t.dataSource.query(`UPDATE agreement SET created_at = '2026-06-01T00:00:00Z' WHERE reference = ANY($1)`, [
      tied,
    ]);
    for (const reference of tied) byRef(reference).createdAt = '2026-06-01T00:00:00.000Z';
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the model agrees with what the API shows', () => {
    it('lists every unarchived record newest first by default, with parties and areas', async () => {
      const page = await list({ limit: 100 });
      expect(page.total).toBe(rows.length - 1);
      const expected = ordered(
        rows.filter((r) => !r.archived),
        '-createdAt',
      );
      expect(refs(page.items)).toEqual(refs(expected));
      const japan = page.items.find((i) => i.reference === 'MOC-2017-0001');
      expect(japan?.areas).toHaveLength(6);
      expect(japan?.parties.map((p) => p.country)).toEqual(['TH', 'JP']);
      expect(japan?.status).toBe('expired');
    });
  });

  describe('q', () => {
    it('finds a Thai word inside a longer Thai title', async () => {
      const found = await expectListing({ q: 'ญี่ปุ่น' });
      expect(refs(found).sort()).toEqual(['MOC-2017-0001', 'MOC-2021-0001']);
      const korea = await expectListing({ q: 'สาธารณรัฐเกาหลี' });
      expect(refs(korea)).toEqual(['MOU-2023-0001']);
      const fragment = await expectListing({ q: 'แม่บทดิจิทัล' });
      expect(refs(fragment)).toEqual(['PRT-2024-0001']);
    });

    it('matches the English title, case-insensitively', async () => {
      expect(refs(await expectListing({ q: 'digital government' }))).toEqual(['MOU-2023-0001']);
      expect(refs(await expectListing({ q: 'DIGITAL GOVERNMENT' }))).toEqual(['MOU-2023-0001']);
      expect(refs(await expectListing({ q: 'cyber resilience' }))).toEqual(['LOI-2025-0001']);
      expect(refs(await expectListing({ q: 'Masterplan' }))).toEqual(['PRT-2024-0001']);
    });

    it('matches the reference, in any case', async () => {
      expect(refs(await expectListing({ q: 'moc-2017-0001' }))).toEqual(['MOC-2017-0001']);
      expect(refs(await expectListing({ q: 'PRT-2024' }))).toEqual(['PRT-2024-0001']);
    });

    it('matches a party organisation', async () => {
      expect(refs(await expectListing({ q: 'internal affairs' }))).toEqual(['MOC-2017-0001']);
      expect(refs(await expectListing({ q: 'Cyberspace Administration' }))).toEqual(['AGR-2015-0001']);
      expect(refs(await expectListing({ q: 'asean secretariat' }))).toEqual(['PRT-2024-0001']);
    });

    it('takes % and _ (and \\) literally', async () => {
      expect(refs(await expectListing({ q: '%' }))).toEqual(['MOU-2026-0100']);
      expect(refs(await expectListing({ q: '100%' }))).toEqual(['MOU-2026-0100']);
      expect(refs(await expectListing({ q: '_' }))).toEqual(['LOI-2017-0001']);
      expect(refs(await expectListing({ q: 'e_commerce' }))).toEqual(['LOI-2017-0001']);
      expect(refs(await expectListing({ q: '\\' }))).toEqual(['EXN-2026-0001']);
      expect(refs(await expectListing({ q: 'data\\exchange' }))).toEqual(['EXN-2026-0001']);
      // As wildcards these would match "Postal", "100%" and "Net Pracharat".
      expect(await expectListing({ q: 'Post_l' })).toEqual([]);
      expect(await expectListing({ q: '100_' })).toEqual([]);
      expect(await expectListing({ q: 'Net%Pracharat' })).toEqual([]);
    });

    it('finds nothing when nothing matches', async () => {
      expect(await expectListing({ q: 'no such agreement anywhere' })).toEqual([]);
    });
  });

  describe('each other filter alone', () => {
    it('country, including an organisation code and a third party of a multilateral', async () => {
      const jp = await expectListing({ country: 'JP' });
      expect(refs(jp)).toContain('MOC-2017-0001');
      expect(refs(jp)).not.toContain('MOC-2019-0001'); // archived
      const asean = await expectListing({ country: 'ASEAN' });
      expect(refs(asean)).toEqual(expect.arrayContaining(['PRT-2024-0001', 'LOI-2025-0001']));
      expect(asean.length).toBeGreaterThan(2);
      expect(refs(await expectListing({ country: 'VN' }))).toEqual(['PRT-2024-0001']);
      expect(await expectListing({ country: 'TH' })).toHaveLength(rows.length - 1);
      expect(await expectListing({ country: 'FR' })).toEqual([]);
    });

    it('country in any case', async () => {
      for (const [lower, upper] of [
        ['jp', 'JP'],
        ['asean', 'ASEAN'],
        ['Kr', 'KR'],
      ]) {
        const expected = await list({ country: upper, limit: 100 });
        expect(expected.total).toBeGreaterThan(0);
        expect(await list({ country: lower, limit: 100 })).toEqual(expected);
      }
    });

    it('area', async () => {
      for (const area of ['cybersecurity', 'disaster-ict', 'knowledge-sharing', 'workforce', 'postal', 'other']) {
        const found = await expectListing({ area });
        expect(found.length).toBeGreaterThan(0);
      }
      expect(refs(await expectListing({ area: 'disaster-ict' })).sort()).toEqual(['MOC-2017-0001', 'MOC-2021-0001']);
    });

    it('status, as read today: in force past its last day counts as expired', async () => {
      for (const status of ['draft', 'negotiating', 'awaiting-approval', 'approved', 'signed', 'terminated']) {
        await expectListing({ status });
      }
      const expired = refs(await expectListing({ status: 'expired' }));
      const inForce = refs(await expectListing({ status: 'in-force' }));
      expect(expired).toEqual(expect.arrayContaining(['MOC-2017-0001', 'AGR-2015-0001']));
      expect(inForce).not.toContain('MOC-2017-0001');
      expect(inForce).toEqual(expect.arrayContaining(['MOC-2021-0001', 'MOU-2021-0001', 'MOU-2023-0001']));
      expect(expired).not.toContain('MOC-2021-0001'); // its last day is today
      const page = await list({ status: 'expired', limit: 100 });
      expect(page.items.every((i) => i.status === 'expired')).toBe(true);
    });

    it('kind', async () => {
      for (const kind of ['mou', 'moc', 'agreement', 'protocol', 'letter-of-intent', 'exchange-of-notes', 'other']) {
        await expectListing({ kind });
      }
      expect(refs(await expectListing({ kind: 'protocol' }))).toEqual(['PRT-2024-0001']);
    });

    it('leadAgency', async () => {
      expect(refs(await expectListing({ leadAgency: 'Thailand Post' }))).toEqual(['LOI-2017-0001']);
      expect((await expectListing({ leadAgency: 'DEPA' })).length).toBeGreaterThan(5);
      expect(await expectListing({ leadAgency: 'thailand post' })).toEqual([]); // an exact match
    });

    it('expiry range, with both bounds inclusive', async () => {
      expect(refs(await expectListing({ expiresFrom: '2022-06-04', expiresTo: '2022-06-04' }))).toEqual([
        'MOC-2017-0001',
      ]);
      const today = refs(await expectListing({ expiresFrom: '2026-11-26', expiresTo: '2026-11-26' }));
      expect(today).toContain('MOC-2021-0001');
      expect(today).not.toContain('MOU-2021-0001');
      const twoDays = refs(await expectListing({ expiresFrom: '2026-11-26', expiresTo: '2026-11-27' }));
      expect(twoDays).toEqual(expect.arrayContaining(['MOC-2021-0001', 'MOU-2021-0001']));
      expect(refs(await expectListing({ expiresFrom: '2026-11-27' }))).not.toContain('MOC-2021-0001');
      expect(refs(await expectListing({ expiresTo: '2026-11-25' }))).not.toContain('MOC-2021-0001');
      // A record without an expiry is outside every range.
      expect(refs(await expectListing({ expiresFrom: '1900-01-01' }))).not.toContain('PRT-2024-0001');
      expect(await expectListing({ expiresFrom: '2027-01-01', expiresTo: '2026-01-01' })).toEqual([]);
    });

    it('signature range, with both bounds inclusive', async () => {
      const onDay = refs(await expectListing({ signedFrom: '2024-08-15', signedTo: '2024-08-15' }));
      expect(onDay).toContain('PRT-2024-0001');
      expect(onDay.length).toBeGreaterThan(1);
      expect(refs(await expectListing({ signedFrom: '2017-06-05', signedTo: '2017-06-05' }))).toEqual([
        'MOC-2017-0001',
      ]);
      expect(refs(await expectListing({ signedFrom: '2017-06-06', signedTo: '2019-12-31' }))).not.toContain(
        'MOC-2017-0001',
      );
      expect(refs(await expectListing({ signedTo: '2015-01-10' }))).toContain('AGR-2015-0001');
      expect(refs(await expectListing({ signedFrom: '2000-01-01' }))).not.toContain('MOU-2026-0100');
    });

    it('includeArchived', async () => {
      expect(refs(await expectListing({ q: 'broadcasting' }))).toEqual([]);
      expect(refs(await expectListing({ q: 'broadcasting', includeArchived: false }))).toEqual([]);
      expect(refs(await expectListing({ q: 'broadcasting', includeArchived: true }))).toEqual(['MOC-2019-0001']);
      const all = await list({ includeArchived: true, limit: 100 });
      expect(all.total).toBe(rows.length);
      expect(all.items.find((i) => i.reference === 'MOC-2019-0001')?.archived).toBe(true);
    });
  });

  describe('filters combined', () => {
    const combos: Filters[] = [
      { country: 'JP', status: 'in-force' },
      { country: 'JP', status: 'expired' },
      { q: 'ญี่ปุ่น', area: 'disaster-ict', status: 'in-force' },
      { q: 'ญี่ปุ่น', kind: 'moc', expiresTo: '2023-01-01' },
      { kind: 'mou', leadAgency: 'MDES', area: 'cybersecurity' },
      { country: 'ASEAN', signedFrom: '2024-01-01' },
      { country: 'KR', area: 'postal', status: 'draft' },
      { status: 'in-force', expiresFrom: '2026-11-26', expiresTo: '2028-12-31' },
      { q: 'ministry', country: 'KR', includeArchived: true },
      { q: 'japan', includeArchived: true, status: 'in-force' },
      { q: 'bulk', kind: 'agreement', leadAgency: 'ETDA', signedFrom: '2020-01-01', signedTo: '2023-12-31' },
      {
        q: 'partner',
        country: 'CN',
        area: 'cybersecurity',
        status: 'in-force',
        kind: 'agreement',
        leadAgency: 'DEPA',
        expiresFrom: '2020-01-01',
        expiresTo: '2030-12-31',
        signedFrom: '2015-01-01',
        signedTo: '2025-12-31',
        includeArchived: true,
      },
    ];

    it.each(combos.map((c): [string, Filters] => [JSON.stringify(c), c]))('%s', async (_, filters) => {
      await expectListing(filters);
    });

    it('narrows as each filter is added', async () => {
      expect(refs(await expectListing({ country: 'JP', status: 'in-force', area: 'disaster-ict' }))).toEqual([
        'MOC-2021-0001',
      ]);
      expect(refs(await expectListing({ country: 'JP', status: 'expired', kind: 'moc', q: 'ญี่ปุ่น' }))).toEqual([
        'MOC-2017-0001',
      ]);
      expect(
        await expectListing({ country: 'JP', status: 'expired', kind: 'moc', q: 'ญี่ปุ่น', leadAgency: 'TMD' }),
      ).toEqual([]);
    });
  });

  describe('status follows the office clock', () => {
    it('flips an in-force record to expired the day after its last day, in Bangkok time', async () => {
      const check = async (ref: string, expected: 'in-force' | 'expired') => {
        const inForce = refs(await expectListing({ status: 'in-force' }));
        const expired = refs(await expectListing({ status: 'expired' }));
        expect(inForce.includes(ref)).toBe(expected === 'in-force');
        expect(expired.includes(ref)).toBe(expected === 'expired');
        const item = (await list({ q: ref, limit: 100 })).items.find((i) => i.reference === ref);
        expect(item?.status).toBe(expected);
      };
      try {
        await check('MOC-2021-0001', 'in-force'); // last day 2026-11-26 is today
        t.clock.set('2026-11-26T16:59:59Z'); // 23:59:59 on the 26th in Bangkok
        await check('MOC-2021-0001', 'in-force');
        t.clock.set('2026-11-26T17:00:00Z'); // midnight: the 27th in Bangkok, still the 26th in UTC
        await check('MOC-2021-0001', 'expired');
        await check('MOU-2021-0001', 'in-force'); // its last day is the 27th
        t.clock.set('2026-11-28T02:00:00Z');
        await check('MOU-2021-0001', 'expired');
        t.clock.set('2020-01-01T02:00:00Z'); // and back in time, the 2017 memorandum is in force again
        await check('MOC-2017-0001', 'in-force');
        await expectListing({ country: 'JP', status: 'in-force' });
      } finally {
        t.clock.set(TODAY_INSTANT);
      }
      await check('MOC-2017-0001', 'expired');
    });
  });

  it('reads the office date once per request, so a request at midnight agrees with itself', async () => {
    // The first read of the clock is a millisecond before midnight in Bangkok, every later
    // one is midnight: a listing that read "today" twice would filter on the 26th and show
    // MOC-2021-0001 (last day the 26th) as in force while labelling it expired.
    let reads = 0;
    const clock = t.clock as unknown as Record<string, unknown>;
    clock.now = () => new Date(reads++ === 0 ? '2026-11-26T16:59:59.999Z' : '2026-11-26T17:00:00.000Z');
    try {
      for (const status of ['in-force', 'expired']) {
        reads = 0;
        const page = await list({ status, q: '20', limit: 100 });
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.filter((i) => i.status !== status)).toEqual([]);
      }
    } finally {
      delete clock.now;
    }
    expect(t.clock.now().toISOString()).toBe(new Date(TODAY_INSTANT).toISOString());
  });

  describe('sort', () => {
    it.each(sorts)('sorts by %s, ties broken by id', async (sort) => {
      await expectListing({ includeArchived: true }, sort);
      await expectListing({ country: 'KR' }, sort);
    });

    it('puts records without a date last ascending and first descending', async () => {
      for (const field of ['expiresOn', 'signedOn'] as const) {
        const asc = (await list({ sort: field, limit: 100 })).items;
        const firstNull = asc.findIndex((i) => i[field] === null);
        expect(firstNull).toBeGreaterThan(0);
        expect(asc.slice(firstNull).every((i) => i[field] === null)).toBe(true);
        expect(asc.slice(0, firstNull).map((i) => i[field])).toEqual(
          asc
            .slice(0, firstNull)
            .map((i) => i[field])
            .sort(),
        );
        const desc = (await list({ sort: `-${field}`, limit: 100 })).items;
        const lastNull = desc.findLastIndex((i) => i[field] === null);
        expect(desc.slice(0, lastNull + 1).every((i) => i[field] === null)).toBe(true);
        expect(desc[lastNull + 1][field]).not.toBeNull();
      }
    });

    it('orders references and creation instants as documented', async () => {
      const byReference = refs((await list({ sort: 'reference', limit: 3 })).items);
      expect(byReference).toEqual(['AGR-2015-0001', 'BLK-0000', 'BLK-0002']);
      const last = refs((await list({ sort: '-reference', limit: 2 })).items);
      expect(last).toEqual(['PRT-2024-0001', 'MOU-2026-0100']);
      const newest = (await list({ limit: 1 })).items[0];
      expect(newest.reference).toBe(
        ordered(
          rows.filter((r) => !r.archived),
          '-createdAt',
        )[0].reference,
      );
    });
  });

  describe('keyset pages', () => {
    const walks: Array<[string, Filters, number]> = [];
    for (const sort of sorts) walks.push([sort, { includeArchived: true }, 7]);
    walks.push(['-createdAt', {}, 1], ['expiresOn', {}, 1], ['signedOn', { status: 'in-force' }, 2]);
    walks.push(['-expiresOn', { country: 'JP' }, 3], ['reference', { area: 'cybersecurity' }, 4]);
    walks.push(['-signedOn', { q: 'bulk', kind: 'moc' }, 5], ['createdAt', { leadAgency: 'MDES' }, 100]);

    it.each(walks)('walks sort=%s %j in pages of %d: every row once, in order', async (sort, filters, limit) => {
      const expected = ordered(
        rows.filter((r) => matches(r, filters, t.clock.today())),
        sort,
      );
      const { items, totals } = await walk(t, { ...filters, sort }, limit);
      expect(refs(items)).toEqual(refs(expected));
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      expect(new Set(totals)).toEqual(new Set([expected.length]));
    });

    it('ends exactly: a page that holds the last row has no next cursor', async () => {
      const filters = { country: 'VN' } as const;
      const one = await list({ ...filters, limit: 1 });
      expect(one.items).toHaveLength(1);
      expect(one.nextCursor).toBeNull();
      const jp = rows.filter((r) => matches(r, { q: 'ญี่ปุ่น' }, t.clock.today()));
      expect(jp).toHaveLength(2);
      const first = await list({ q: 'ญี่ปุ่น', limit: 1 });
      expect(first.nextCursor).not.toBeNull();
      const second = await list({ q: 'ญี่ปุ่น', limit: 1, cursor: first.nextCursor ?? '' });
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(second.total).toBe(2);
      expect((await list({ q: 'ญี่ปุ่น', limit: 2 })).nextCursor).toBeNull();
    });

    it('keeps its place when a row is added before the cursor', async () => {
      const first = await list({ sort: 'reference', limit: 3, includeArchived: true });
      const added = await create({
        reference: 'AAA-0001',
        titleEn: 'Added while paging',
        kind: 'mou',
        parties: [th(), { country: 'LA', organization: 'Ministry of Technology and Communications' }],
        leadAgency: 'MDES',
        areas: [],
      });
      try {
        const rest = await walk(t, { sort: 'reference', includeArchived: true, cursor: first.nextCursor ?? '' }, 50);
        const expected = ordered(rows, 'reference').slice(4);
        expect(refs(rest.items)).toEqual(refs(expected));
      } finally {
        // Keep the model and the data the same for the tests after this one.
        await t.http.post(`/agreements/${added.id}/archive`).send({});
        added.archived = true;
      }
    });
  });

  describe('bad input', () => {
    it('refuses a cursor from another sort with a 400 naming cursor', async () => {
      const byRef = await list({ sort: 'reference', limit: 2 });
      expect(byRef.nextCursor).toEqual(expect.any(String));
      for (const sort of sorts.filter((s) => s !== 'reference')) {
        const res = await t.http.get('/agreements').query({ sort, cursor: byRef.nextCursor });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual(['cursor']);
      }
      const byDefault = await list({ limit: 2 });
      const res = await t.http.get('/agreements').query({ sort: 'createdAt', cursor: byDefault.nextCursor });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['cursor']);
      // The default sort and the same sort spelled out are one and the same.
      const spelled = await t.http.get('/agreements').query({ sort: '-createdAt', cursor: byDefault.nextCursor });
      expect(spelled.status).toBe(200);
    });

    const forged = (...parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const anId = '00000000-0000-4000-8000-000000000000';
    it.each([
      ['garbage', 'reference', 'not-a-cursor'],
      ['base64 of something else', 'reference', Buffer.from('{"a":1}').toString('base64url')],
      ['an id that is not a uuid', 'reference', forged('reference', 'X', "1' OR '1'='1")],
      ['an id of 36 dashes', 'reference', forged('reference', 'X', '-'.repeat(36))],
      ['a null key', 'reference', forged('reference', null, anId)],
      ['a key with a NUL character', 'reference', forged('reference', 'A\u0000', anId)],
      ['a date key that is not a date', 'expiresOn', forged('expiresOn', 'soon', anId)],
      ['a date key that does not exist', 'signedOn', forged('signedOn', '2017-02-30', anId)],
      ['an instant key that is not one', 'createdAt', forged('createdAt', 'yesterday', anId)],
      ['an instant key out of range', '-createdAt', forged('-createdAt', '2026-11-26 25:00:00+00', anId)],
    ])('refuses %s as a cursor with a 400 naming cursor', async (_, sort, cursor) => {
      const res = await t.http.get('/agreements').query({ sort, cursor });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['cursor']);
    });

    it('accepts a cursor it gave out for each sort', async () => {
      for (const sort of sorts) {
        const first = await list({ sort, limit: 3 });
        const second = await t.http.get('/agreements').query({ sort, limit: 3, cursor: first.nextCursor });
        expect(second.status).toBe(200);
      }
    });

    it.each([
      ['limit', '101'],
      ['limit', '0'],
      ['limit', '-1'],
      ['limit', '2.5'],
      ['limit', 'ten'],
      ['expiresFrom', '2017-02-30'],
      ['expiresTo', '2026-13-01'],
      ['signedFrom', '05/06/2017'],
      ['signedTo', 'yesterday'],
      ['expiresFrom', '2026-11-26T00:00:00Z'],
      ['status', 'pending'],
      ['kind', 'treaty'],
      ['sort', 'title'],
      ['sort', '+reference'],
      ['includeArchived', 'yes'],
      ['q', ''],
      ['q', 'x'.repeat(201)],
      ['country', 'J'],
      ['secret', '1'],
      ['q', 'a\u0000b'],
      ['country', 'J\u0000P'],
      ['area', '\u0000'],
      ['leadAgency', 'MDES\u0000'],
    ])('refuses %s=%j with a 400 naming the field', async (field, value) => {
      const res = await t.http.get('/agreements').query({ [field]: value });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('accepts the largest and smallest limits', async () => {
      expect((await list({ limit: 100 })).items.length).toBeGreaterThan(50);
      expect((await list({ limit: 1 })).items).toHaveLength(1);
    });
  });

  describe('statement count (no N+1)', () => {
    it('lists 50 agreements with their parties and areas in as many statements as 2', async () => {
      const fifty = await t.countQueries(() => list({ limit: 50 }));
      const two = await t.countQueries(() => list({ limit: 2 }));
      expect(fifty.result.items).toHaveLength(50);
      expect(fifty.result.items.every((i) => i.parties.length >= 2 && i.areas.length >= 1)).toBe(true);
      expect(two.result.items).toHaveLength(2);
      expect(fifty.queries.length).toBe(two.queries.length);
      expect(fifty.queries.length).toBeLessThanOrEqual(2);

      const filtered = await t.countQueries(() =>
        list({ q: 'partner', country: 'JP', area: 'cybersecurity', limit: 1 }),
      );
      expect(filtered.result.nextCursor).toEqual(expect.any(String));
      const next = await t.countQueries(() =>
        list({
          q: 'partner',
          country: 'JP',
          area: 'cybersecurity',
          limit: 1,
          cursor: filtered.result.nextCursor ?? '',
        }),
      );
      expect(filtered.queries.length).toBe(two.queries.length);
      expect(next.queries.length).toBe(two.queries.length);
    });
  });
});

// ---------------------------------------------------------------------------------------

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  Plans?: PlanNode[];
}

const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('GET /agreements on 20k rows uses an index for every filter', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(TODAY_INSTANT);
    // Set-based: twenty thousand agreements, half of them with dates, spread over 25 years
    // of expiries, ten partner countries, forty agencies, five kinds and three areas.
    await t.dataSource.query(`
      INSERT INTO agreement (reference, title_en, title_th, kind, parties, lead_agency, signed_on, effective_on,
                             term_months, notice_days, status, created_at, created_by, updated_by)
      SELECT 'BULK-' || lpad(i::text, 6, '0'),
             'Bulk cooperation agreement ' || i,
             'บันทึกความเข้าใจฉบับที่ ' || i || ' ว่าด้วยความร่วมมือด้านดิจิทัลกับสาธารณรัฐเกาหลี',
             (ARRAY['mou','moc','agreement','letter-of-intent','other'])[1 + i % 5],
             jsonb_build_array(
               jsonb_build_object('country', 'TH', 'organization', 'Ministry of Digital Economy and Society'),
               jsonb_build_object('country', (ARRAY['KR','CN','SG','VN','MY','ID','PH','LA','KH','MM'])[1 + i % 10],
                                  'organization', 'Partner ministry ' || (i % 97))),
             'Agency ' || (i % 40),
             CASE WHEN i % 2 = 0 THEN date '2000-01-01' + (i % 9000) END,
             CASE WHEN i % 2 = 0 THEN date '2000-01-01' + (i % 9000) END,
             60, 90,
             CASE WHEN i % 2 = 0 THEN 'terminated' ELSE 'draft' END,
             now() - i * interval '1 minute', 'bulk', 'bulk'
        FROM generate_series(1, 20000) AS i`);
    await t.dataSource.query(`
      INSERT INTO agreement_area (agreement_id, area_code)
      SELECT id, (ARRAY['cybersecurity','knowledge-sharing','workforce'])[1 + substr(reference, 6)::int % 3]
        FROM agreement WHERE reference LIKE 'BULK-%'`);
    // A handful of the records the filters look for.
    for (let j = 0; j < 8; j += 1) {
      const res = await t.http.post('/agreements').send({
        reference: `JPN-2024-000${j}`,
        titleEn: `Postal cooperation with Japan ${j}`,
        titleTh: `บันทึกความร่วมมือด้านไปรษณีย์ระหว่างไปรษณีย์ไทยกับไปรษณีย์ญี่ปุ่น ฉบับที่ ${j}`,
        kind: 'protocol',
        parties: [
          { country: 'TH', organization: 'Thailand Post Co. Ltd' },
          { country: 'JP', organization: 'Japan Post Co. Ltd' },
        ],
        leadAgency: 'Japan Post Desk',
        areas: ['postal'],
        ...(j % 2 === 0
          ? { status: 'in-force', signedOn: `2024-03-0${j + 1}`, effectiveOn: `2024-03-0${j + 1}`, termMonths: 240 }
          : j === 1
            ? { status: 'in-force', signedOn: '2018-01-01', effectiveOn: '2018-01-01' }
            : { status: 'signed', signedOn: `2025-07-0${j}` }),
      });
      expect(res.status).toBe(201);
    }
    // Only the table owner may ANALYZE; the app's own role may not.
    await t.ownerQuery('ANALYZE agreement');
    await t.ownerQuery('ANALYZE agreement_area');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  /** The statements the API sends for one request, each with its plan. */
  async function plansFor(query: Query): Promise<Array<{ statement: CapturedQuery; nodes: PlanNode[] }>> {
    const { result, queries } = await t.captureQueries(() => t.http.get('/agreements').query(query));
    expect(result.status).toBe(200);
    const statements = queries.filter((q) => /\bFROM agreement a\b/.test(q.sql));
    expect(statements).toHaveLength(2); // the page and the total
    return Promise.all(
      statements.map(async (statement) => {
        const [row] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.parameters);
        const plan = (row['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan;
        return { statement, nodes: planNodes(plan) };
      }),
    );
  }

  const cases: Array<[string, Query, string, number]> = [
    ['q (a Thai substring)', { q: 'ญี่ปุ่น' }, 'ix_agreement_search', 8],
    ['q (English, any case)', { q: 'JAPAN POST' }, 'ix_agreement_search', 8],
    ['country', { country: 'JP' }, 'ix_agreement_parties', 8],
    ['area', { area: 'postal' }, 'ix_agreement_area_area', 8],
    ['kind', { kind: 'protocol' }, 'ix_agreement_kind', 8],
    ['leadAgency', { leadAgency: 'Japan Post Desk' }, 'ix_agreement_lead_agency', 8],
    ['status=in-force', { status: 'in-force' }, 'ix_agreement_status_expires', 4],
    ['status=expired', { status: 'expired' }, 'ix_agreement_status_expires', 1],
    ['status=signed', { status: 'signed' }, 'ix_agreement_status_expires', 3],
    ['expiry range', { expiresFrom: '2044-03-01', expiresTo: '2044-03-08' }, 'ix_agreement_expires_on', 3],
    ['signature range', { signedFrom: '2025-07-01', signedTo: '2025-07-31' }, 'ix_agreement_signed_on', 3],
  ];

  it.each(cases)('%s: %j uses %s, never a sequential scan of agreement', async (_, query, index, total) => {
    for (const sort of ['-createdAt', 'reference']) {
      const page = await t.http.get('/agreements').query({ ...query, sort });
      expect(page.body.total).toBe(total);
      for (const { statement, nodes } of await plansFor({ ...query, sort })) {
        const seqScans = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'agreement');
        expect({ sql: statement.sql, seqScans }).toEqual({ sql: statement.sql, seqScans: [] });
        expect(nodes.map((n) => n['Index Name']).filter(Boolean)).toContain(index);
      }
    }
  });

  // reference is unique, so its unique index orders (reference, id) as well as ix_agreement_reference_id.
  const referenceIndexes = ['uq_agreement_reference', 'ix_agreement_reference_id'];
  it.each([
    // The default view leaves archived agreements out, so it may page along the live ones' index.
    ['-createdAt', ['ix_agreement_live_created', 'ix_agreement_created']],
    ['createdAt', ['ix_agreement_live_created', 'ix_agreement_created']],
    ['reference', referenceIndexes],
    ['-reference', referenceIndexes],
    ['expiresOn', ['ix_agreement_expires_sort']],
    ['-expiresOn', ['ix_agreement_expires_sort']],
    ['signedOn', ['ix_agreement_signed_sort']],
    ['-signedOn', ['ix_agreement_signed_sort']],
  ])('an unfiltered page sorted by %s reads %j in order, also after a cursor', async (sort, indexes) => {
    const first = await t.http.get('/agreements').query({ sort, limit: 20 });
    expect(first.status).toBe(200);
    for (const query of [
      { sort, limit: 20 },
      { sort, limit: 20, cursor: first.body.nextCursor },
    ]) {
      const [page] = await plansFor(query);
      // The page's own scan (alias a); the link subqueries (alias l) are index look-ups per row shown.
      const scans = page.nodes
        .filter((n) => n['Relation Name'] === 'agreement' && n['Alias'] === 'a')
        .map((n) => n['Index Name']);
      expect(scans).toHaveLength(1);
      expect(indexes).toContain(scans[0]);
      expect(page.nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
    }
  });
});
