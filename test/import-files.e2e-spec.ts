import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import archiver from 'archiver';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { type Cell, csv, workbook } from './support/spreadsheets.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const fixture = (name: string) => readFileSync(new URL(`./fixtures/libreoffice/${name}`, import.meta.url));

async function upload(content: Buffer, name = 'file.xlsx', query = '') {
  return t.http.post(`/imports${query}`).attach('file', content, name);
}

async function check(content: Buffer, name = 'file.xlsx', locale = 'en') {
  const res = await upload(content, name);
  expect(res.status).toBe(201);
  const dry = await t.http.post(`/imports/${res.body.id}/dry-run?locale=${locale}`);
  expect(dry.status).toBe(200);
  return dry.body;
}

/** The value a create row would write to `field`. */
const written = (row: { changes: Array<{ field: string; after: unknown }> }, field: string) =>
  row.changes.find((c) => c.field === field)?.after;

describe('values as offices write them', () => {
  it('reads dates in every accepted form, BE or CE, Thai month names, Thai digits, date cells and serials', async () => {
    const forms: Cell[] = [
      '2017-06-05',
      '05/06/2560',
      '5/6/2017',
      '5 มิถุนายน 2560',
      '5 มิ.ย. 2560',
      'วันที่ ๕ มิถุนายน พ.ศ. ๒๕๖๐',
      '5 June 2017',
      'June 5, 2017',
      new Date(Date.UTC(2017, 5, 5)),
      42891,
      '2560-06-05',
    ];
    const rows = forms.map((date, i) => [`DT-${i + 1}`, `Date form ${i + 1}`, 'MOU', 'Japan', 'MDES', date]);
    const body = await check(
      await workbook({
        name: 'Agreements',
        rows: [
          ['Reference', 'Title', 'Kind', 'Country', 'Lead agency', 'Entry into force'],
          ...rows,
          ['DT-X', 'Bad', 'MOU', 'JP', 'MDES', '31/02/2560'],
        ],
      }),
    );
    expect(body.rows.slice(0, forms.length).map((row: never) => written(row, 'effectiveOn'))).toEqual(
      forms.map(() => '2017-06-05'),
    );
    expect(body.rows[forms.length].problems).toEqual([
      expect.objectContaining({
        code: 'notADate',
        message: expect.stringMatching(/^row 13, Entry into force: 31\/02\/2560 is not a date/),
      }),
    ]);
  });

  it('reads Thai headings and names, either-language vocabularies and multi-value cells, and says problems in Thai', async () => {
    const content = await workbook(
      {
        name: 'ความตกลง',
        rows: [
          [
            'เลขที่อ้างอิง',
            'ชื่อ (ภาษาไทย)',
            'ประเภท',
            'สถานะ',
            'คู่ภาคี',
            'หน่วยงานหลัก',
            'สาขาความร่วมมือ',
            'การต่ออายุ',
            'ระยะเวลา (เดือน)',
          ],
          [
            'TH-0001',
            'บันทึกความเข้าใจกับเกาหลีใต้',
            'บันทึกความเข้าใจ',
            'ร่าง',
            'ไทย: กระทรวงดิจิทัลฯ\nเกาหลีใต้: Ministry of Science and ICT\nASEAN',
            'MDES',
            'ความมั่นคงปลอดภัยไซเบอร์\nworkforce',
            'อัตโนมัติ',
            '5 ปี',
          ],
          ['TH-0002', 'ไม่มีประเทศนี้', 'พิธีสาร', 'ฉบับร่าง', 'แอตแลนติส', 'MDES', 'ดนตรี', 'เสมอ', '60 เดือน'],
        ],
      },
      {
        name: 'กิจกรรม',
        rows: [
          ['ความตกลง', 'ชื่อกิจกรรม', 'กำหนดเสร็จ'],
          ['TH-0001', 'ประชุมร่วม', '1 ม.ค. 2570'],
          ['XX-9999', 'ไม่มีความตกลง', '2027-01-01'],
        ],
      },
    );
    const body = await check(content, 'thai.xlsx', 'th');
    expect(body.mapping.agreements.sheet).toBe('ความตกลง');
    expect(body.mapping.milestones.sheet).toBe('กิจกรรม');
    const [ok, bad, milestone, orphan] = body.rows;
    expect(ok.action).toBe('create');
    expect(written(ok, 'parties')).toEqual([
      { country: 'TH', organization: 'กระทรวงดิจิทัลฯ' },
      { country: 'KR', organization: 'Ministry of Science and ICT' },
      { country: 'ASEAN', organization: 'Association of Southeast Asian Nations' },
    ]);
    expect(written(ok, 'areas')).toEqual(['cybersecurity', 'workforce']);
    expect([written(ok, 'kind'), written(ok, 'status'), written(ok, 'renewal'), written(ok, 'termMonths')]).toEqual([
      'mou',
      'draft',
      'automatic',
      60,
    ]);
    expect(bad.problems.map((p: { message: string }) => p.message)).toEqual([
      expect.stringMatching(/^แถวที่ 3, คู่ภาคี: แอตแลนติส ไม่ใช่ประเทศหรือองค์การ/),
      'แถวที่ 3, สาขาความร่วมมือ: ดนตรี ไม่ใช่สาขาความร่วมมือ',
      expect.stringMatching(/^แถวที่ 3, การต่ออายุ: เสมอ ไม่ใช่รูปแบบการต่ออายุ/),
      'แถวที่ 3, คู่ภาคี: ต้องระบุ',
    ]);
    expect(milestone).toMatchObject({ sheet: 'กิจกรรม', action: 'create' });
    expect(written(milestone, 'dueOn')).toBe('2027-01-01');
    expect(orphan.problems[0].message).toBe('แถวที่ 3, ความตกลง: XX-9999 ไม่ตรงกับความตกลงใดในทะเบียนหรือในไฟล์นี้');
  });

  it('reads the workbook and the Windows-874 CSV that LibreOffice saved from a Thai-locale sheet alike', async () => {
    for (const name of ['thai-register.xlsx', 'thai-register-windows-874.csv']) {
      const body = await check(fixture(name), name);
      expect(body.summary.problems).toBe(0);
      const [row] = body.rows;
      expect(row).toMatchObject({ action: 'create', key: 'MOC-2560-0001' });
      expect(written(row, 'titleTh')).toBe('บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล');
      expect([written(row, 'kind'), written(row, 'status'), written(row, 'renewal')]).toEqual([
        'moc',
        'in-force',
        'by-consent',
      ]);
      expect([written(row, 'signedOn'), written(row, 'effectiveOn'), written(row, 'termMonths')]).toEqual([
        '2017-06-05',
        '2017-06-05',
        60,
      ]);
      expect(written(row, 'parties')).toEqual([
        { country: 'TH', organization: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม' },
        { country: 'JP', organization: 'กระทรวงกิจการภายในและการสื่อสาร' },
      ]);
    }
  });

  it('keeps Thai text whole in a large sheet, wherever a chunk of the zip ends', async () => {
    const titles = Array.from(
      { length: 3000 },
      (_, i) => `บันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัลระหว่างไทยกับญี่ปุ่น ฉบับที่ ${i + 1}`,
    );
    const rows = titles.map((title, i) => [`LRG-${i + 1}`, title, 'mou', 'ญี่ปุ่น', 'MDES']);
    const content = await workbook({
      name: 'Agreements',
      rows: [['Reference', 'Title (Thai)', 'Kind', 'Parties', 'Lead agency'], ...rows],
    });
    const uploaded = await upload(content);
    await t.http.post(`/imports/${uploaded.body.id}/dry-run`);
    const read: string[] = [];
    for (let after = 0; ;) {
      const page = (await t.http.get(`/imports/${uploaded.body.id}/rows?limit=1000&after=${after}`)).body;
      read.push(...page.rows.map((row: never) => written(row, 'titleTh')));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(read).toEqual(titles);
  });

  it('detects each encoding Thai Excel writes CSV in: UTF-8 with or without BOM, UTF-16 LE/BE, Windows-874', async () => {
    const rows = [
      ['Reference', 'Title (Thai)', 'Kind', 'Parties', 'Lead agency', 'Signed on'],
      ['ENC-0001', 'บันทึกความเข้าใจว่าด้วยความร่วมมือ "ดิจิทัล", ไปรษณีย์', 'mou', 'ญี่ปุ่น', 'MDES', '30 พฤษภาคม 2560'],
    ];
    const cases = [
      ['utf-8', true],
      ['utf-8', false],
      ['utf-16le', true],
      ['utf-16le', false],
      ['utf-16be', true],
      ['windows-874', false],
    ] as const;
    for (const [encoding, bom] of cases) {
      const res = await upload(csv(rows, encoding, bom), 'register.csv');
      expect({ encoding, bom, status: res.status }).toEqual({ encoding, bom, status: 201 });
      expect(res.body).toMatchObject({ format: 'csv', encoding, sheets: [{ name: 'CSV', rows: 1 }] });
      const dry = (await t.http.post(`/imports/${res.body.id}/dry-run`)).body;
      expect(written(dry.rows[0], 'titleTh')).toBe(rows[1][1]);
      expect(written(dry.rows[0], 'signedOn')).toBe('2017-05-30');
    }
  });

  it('reuses a saved mapping for headings no guess would understand', async () => {
    const columns = {
      agreements: {
        sheet: 'CSV',
        columns: {
          'Col A': 'reference',
          'Col B': 'titleEn',
          'Col C': 'kind',
          'Col D': 'parties',
          'Col E': 'leadAgency',
        },
      },
    };
    const saved = await t.as('officer').post('/import-mappings').send({ name: 'Odd headings', columns });
    expect(saved.status).toBe(201);
    expect((await t.http.post('/import-mappings').send({ name: 'Odd headings', columns })).status).toBe(409);
    expect((await t.http.get('/import-mappings')).body).toEqual([
      expect.objectContaining({ name: 'Odd headings', columns }),
    ]);
    const file = csv(
      [
        ['Col A', 'Col B', 'Col C', 'Col D', 'Col E'],
        ['MAP-0001', 'Mapped', 'moc', 'KR', 'MDES'],
      ],
      'utf-8',
      false,
    );
    const res = await upload(file, 'odd.csv', `?mappingId=${saved.body.id}`);
    expect(res.status).toBe(201);
    expect(res.body.mapping).toEqual(columns);
    const wrong = await t.http
      .put(`/imports/${res.body.id}/mapping`)
      .send({ agreements: { sheet: 'CSV', columns: { 'Col Z': 'reference', 'Col A': 'colour' } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'agreements.columns.Col Z',
      'agreements.columns.Col A',
    ]);
  });
});

describe('bad input gets a clear answer and writes nothing', () => {
  it('refuses what is not a spreadsheet (415), a legacy .xls (415) and a password-protected workbook (422)', async () => {
    const pdf = await upload(
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0xff, 0, 0, 0x10])]),
      'register.xlsx',
    );
    expect(pdf.status).toBe(415);
    expect(pdf.body).toMatchObject({ code: 'UNSUPPORTED_FILE', errors: [{ field: 'file' }] });
    const xls = await upload(fixture('thai-register.xls'), 'register.xls');
    expect(xls.status).toBe(415);
    expect(xls.body.message).toContain('.xls');
    // By hand: a CFB (OLE) container with the EncryptionInfo stream Excel writes for a password.
    const encrypted = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(encrypted);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(encrypted, 1152);
    const locked = await upload(encrypted, 'locked.xlsx');
    expect(locked.status).toBe(422);
    expect(locked.body).toMatchObject({
      code: 'ENCRYPTED_FILE',
      errors: [{ field: 'file', message: 'is password-protected' }],
    });
    const empty = await t.http.post('/imports').set('Content-Type', 'application/json').send({});
    expect(empty.status).toBe(415);
    const count = await t.ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM spreadsheet_import WHERE file_name IN ($1, $2)',
      ['locked.xlsx', 'register.xls'],
    );
    expect(count).toEqual([{ n: 0 }]);
  });

  it('refuses a zip bomb, whether its sizes are declared or hidden', async () => {
    const bomb = await zipBomb(300 * 1024 * 1024);
    const declared = await upload(bomb, 'bomb.xlsx');
    expect(declared.status).toBe(422);
    expect(declared.body.message).toMatch(/unzips to more than 256 MB/);
    const hidden = lieAboutSizes(bomb);
    const res = await upload(hidden, 'bomb.xlsx');
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/unzips to more than 256 MB/);
  });

  it('stops a 1M-row file at the row limit with 413, its memory bounded', async () => {
    const lines = Readable.from(
      (function* () {
        yield 'Reference,Title\n';
        for (let i = 0; i < 1_000_000; i += 10_000) yield 'R,T\n'.repeat(10_000);
      })(),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of lines) chunks.push(Buffer.from(chunk));
    const file = Buffer.concat(chunks);
    const before = process.memoryUsage().rss;
    const res = await upload(file, 'million.csv');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('more than 100,000 data rows'),
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a file over IMPORT_MAX_FILE_BYTES with 413', async () => {
    const res = await upload(Buffer.alloc(21 * 1024 * 1024, 0x41), 'huge.csv');
    expect(res.status).toBe(413);
  });

  it('turns long cells, formulas without a value, merged cells and hidden sheets into row problems or skips', async () => {
    const content = await workbook(
      {
        name: 'Old register',
        hidden: true,
        rows: [
          ['Reference', 'Title', 'Kind', 'Country', 'Lead agency'],
          ['OLD-1', 'Hidden', 'mou', 'JP', 'MDES'],
        ],
      },
      {
        name: 'Register',
        rows: [
          ['Reference', 'Title', 'Kind', 'Country', 'Lead agency', 'Summary'],
          ['BAD-0001', 'Long summary', 'mou', 'JP', 'MDES', 'ก'.repeat(100_000)],
          ['BAD-0002', { formula: 'UPPER("cached title")', result: 'CACHED TITLE' }, 'mou', 'JP', 'MDES', null],
          ['BAD-0003', { formula: 'NOW()' }, 'mou', 'JP', 'MDES', null],
          ['BAD-0004', 'Merged title', 'mou', 'JP', 'MDES', null],
          ['BAD-0005', null, 'mou', 'JP', 'MDES', null],
        ],
        merges: ['B5:B6'],
      },
    );
    const body = await check(content);
    expect(body.sheets).toEqual([
      expect.objectContaining({ name: 'Old register', hidden: true }),
      expect.objectContaining({ name: 'Register', hidden: false, rows: 5 }),
    ]);
    expect(body.mapping.agreements.sheet).toBe('Register');
    const [long, cached, uncached, merged, mergedBelow] = body.rows;
    expect(long.problems.map((p: { message: string }) => p.message)).toEqual([
      expect.stringMatching(/^row 2, Summary: the cell holds 100\d{3} characters; at most 32767 are read$/),
    ]);
    expect(cached.action).toBe('create');
    expect(written(cached, 'titleEn')).toBe('CACHED TITLE');
    expect(uncached.problems[0].message).toMatch(/^row 4, Title: the formula =NOW\(\) has no saved value/);
    expect(merged.action).toBe('create');
    expect(mergedBelow.problems.map((p: { code: string }) => p.code)).toEqual(['noTitle']);
    const commit = await t.http.post(`/imports/${body.id}/commit`).send({ fingerprint: body.fingerprint });
    expect(commit.status).toBe(409);
    const written_ = await t.ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM agreement WHERE reference LIKE 'BAD-%'`,
    );
    expect(written_).toEqual([{ n: 0 }]);
  });
});

/** A workbook whose one sheet is `size` bytes of zeros deflated (about a thousandth of that zipped). */
async function zipBomb(size: number): Promise<Buffer> {
  const zip = archiver('zip', { zlib: { level: 9 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => out.on('end', resolve));
  zip.pipe(out);
  zip.append('<?xml version="1.0"?><Types/>', { name: '[Content_Types].xml' });
  zip.append('<?xml version="1.0"?><workbook/>', { name: 'xl/workbook.xml' });
  const zeros = Buffer.alloc(1024 * 1024);
  zip.append(
    Readable.from(
      (function* () {
        for (let i = 0; i < size / zeros.length; i++) yield zeros;
      })(),
    ),
    { name: 'xl/worksheets/sheet1.xml' },
  );
  await zip.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The same zip with every declared uncompressed size rewritten to 1 KB. */
function lieAboutSizes(zip: Buffer): Buffer {
  const copy = Buffer.from(zip);
  for (let i = 0; i < copy.length - 4; i++) {
    const signature = copy.readUInt32LE(i);
    if (signature === 0x02014b50) copy.writeUInt32LE(1024, i + 24);
    if (signature === 0x04034b50) copy.writeUInt32LE(1024, i + 22);
    if (signature === 0x08074b50) copy.writeUInt32LE(1024, i + 12);
  }
  return copy;
}
