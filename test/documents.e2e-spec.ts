import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { anAgreement, aMilestone } from './support/fixtures.js';
import { docx, encryptedPdf, executable, scanOf, textPdf, zipBombDocx, zipOf } from './support/document-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MAX_BYTES = 2 * 1024 * 1024;
const MAX_UNZIPPED = 8 * 1024 * 1024;

let t: TestApp;
let agreementId: string;
let pdf: Buffer;

beforeAll(async () => {
  process.env.DOCUMENT_MAX_BYTES = String(MAX_BYTES);
  process.env.DOCUMENT_MAX_UNZIPPED_BYTES = String(MAX_UNZIPPED);
  t = await startTestApp();
  const res = await t.http.post('/agreements').send(anAgreement({ titleEn: 'Documents test agreement' }));
  expect(res.status).toBe(201);
  agreementId = res.body.id;
  pdf = await textPdf(['บันทึกความร่วมมือ ฉบับลงนาม', 'Signed copy']);
});

afterAll(async () => {
  await t?.close();
  delete process.env.DOCUMENT_MAX_BYTES;
  delete process.env.DOCUMENT_MAX_UNZIPPED_BYTES;
});

type Agent = ReturnType<typeof request.agent>;

interface Upload {
  file: Buffer;
  filename?: string;
  contentType?: string;
  fields?: Record<string, string>;
}

function upload(agent: Agent, id: string, { file, filename = 'signed.pdf', contentType, fields }: Upload) {
  let req = agent.post(`/agreements/${id}/documents`);
  for (const [name, value] of Object.entries(fields ?? { type: 'signed-copy', language: 'th' })) {
    req = req.field(name, value);
  }
  return req.attach('file', file, { filename, contentType: contentType ?? 'application/octet-stream' });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function counts() {
  const [row] = await t.ownerQuery<{ blobs: number; chunks: number; documents: number; versions: number }>(
    `SELECT (SELECT count(*)::int FROM blob) AS blobs, (SELECT count(*)::int FROM blob_chunk) AS chunks,
            (SELECT count(*)::int FROM document) AS documents, (SELECT count(*)::int FROM document_version) AS versions`,
  );
  return row;
}

/** Reads a binary response body into a Buffer. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('uploading a document', () => {
  it('stores a PDF by content with its checksum, type, language and note, and audits it', async () => {
    const res = await upload(t.as('officer'), agreementId, {
      file: pdf,
      filename: 'MOU signed (TH).pdf',
      fields: {
        type: 'signed-copy',
        language: 'th',
        note: 'Original from the signing ceremony',
        authoritative: 'true',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      agreementId,
      milestoneId: null,
      type: 'signed-copy',
      language: 'th',
      note: 'Original from the signing ceremony',
      authoritative: true,
      currentVersion: 1,
      version: 1,
      archived: false,
      createdBy: 'officer@mdes.go.th',
      current: {
        number: 1,
        filename: 'MOU signed (TH).pdf',
        mediaType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256: sha256(pdf),
        uploadedBy: 'officer@mdes.go.th',
        extraction: { state: 'pending' },
      },
    });
    const events = await t.as('auditor').get('/audit-events').query({ entityId: res.body.id });
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(['document.upload']);

    const list = await t.as('auditor').get(`/agreements/${agreementId}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(res.body.id);
  });

  it('downloads the bytes exactly, with the display name and digest, and audits the download', async () => {
    // Over a megabyte: stored as two chunks, read back in order.
    const bytes = Buffer.concat([pdf.subarray(0, 16), randomBytes(1536 * 1024), pdf]);
    const created = await upload(t.http, agreementId, { file: bytes });
    expect(created.status).toBe(201);
    const [{ chunks }] = await t.ownerQuery<{ chunks: number }>(
      `SELECT chunk_count AS chunks FROM blob WHERE sha256 = decode($1, 'hex')`,
      [created.body.current.sha256],
    );
    expect(chunks).toBe(2);
    const res = await t
      .as('auditor')
      .get(`/documents/${created.body.id}/versions/1/content`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''signed.pdf");
    expect(sha256(res.body as Buffer)).toBe(sha256(bytes));
    expect(created.body.current.sha256).toBe(sha256(bytes));
    const events = await t.as('auditor').get('/audit-events').query({ entityId: created.body.id });
    expect(events.body.items.map((e: { action: string }) => e.action)).toContain('document.download');
  });

  it('stores the same content once, however often it is uploaded', async () => {
    const bytes = await textPdf(['Duplicate content']);
    const before = await counts();
    const a = await upload(t.http, agreementId, { file: bytes, fields: { type: 'draft', language: 'en' } });
    const b = await upload(t.http, agreementId, { file: bytes, fields: { type: 'report', language: 'en' } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    const after = await counts();
    expect(after.blobs - before.blobs).toBe(1);
    expect(after.chunks - before.chunks).toBe(1);
    expect(after.versions - before.versions).toBe(2);
  });

  it('files a document under a milestone of the agreement, and refuses another agreement’s milestone', async () => {
    const milestone = await t.http.post(`/agreements/${agreementId}/milestones`).send(aMilestone());
    const ok = await upload(t.http, agreementId, {
      file: await textPdf(['Milestone report']),
      fields: { type: 'report', language: 'en', milestoneId: milestone.body.id },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.milestoneId).toBe(milestone.body.id);
    const listed = await t.http.get(`/milestones/${milestone.body.id}/documents`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([ok.body.id]);

    const other = await t.http.post('/agreements').send(anAgreement());
    const refused = await upload(t.http, other.body.id, {
      file: pdf,
      fields: { type: 'report', language: 'en', milestoneId: milestone.body.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'milestoneId', message: expect.stringContaining('not a milestone') },
    ]);
  });

  it('refuses documents for an archived agreement until it is restored', async () => {
    const archived = await t.http.post('/agreements').send(anAgreement());
    await t.http.post(`/agreements/${archived.body.id}/archive`).send({ version: archived.body.version });
    const before = await counts();
    const res = await upload(t.http, archived.body.id, { file: pdf });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ARCHIVED');
    expect(await counts()).toEqual(before);
  });

  it('names each bad form field', async () => {
    const res = await upload(t.http, agreementId, { file: pdf, fields: { type: 'love-letter', language: 'Thai' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['language', 'type']);

    const noFile = await t.http
      .post(`/agreements/${agreementId}/documents`)
      .field('type', 'draft')
      .field('language', 'en');
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('required') }]);

    const json = await t.http.post(`/agreements/${agreementId}/documents`).send({ type: 'draft' });
    expect(json.status).toBe(415);
  });
});

describe('roles', () => {
  it('lets officers attach to their own agency’s agreements only, and auditors only read and download', async () => {
    const other = await upload(t.as('otherOfficer'), agreementId, { file: pdf });
    expect(other.status).toBe(403);
    const auditor = await upload(t.as('auditor'), agreementId, { file: pdf });
    expect(auditor.status).toBe(403);
    const depa = await t.http.post('/agreements').send(anAgreement({ leadAgency: 'DEPA' }));
    const manager = await upload(t.as('manager'), depa.body.id, {
      file: pdf,
      fields: { type: 'draft', language: 'en' },
    });
    expect(manager.status).toBe(201);
    const depaOfficer = await upload(t.as('otherOfficer'), depa.body.id, {
      file: pdf,
      fields: { type: 'draft', language: 'en' },
    });
    expect(depaOfficer.status).toBe(201);
  });
});

describe('bad files', () => {
  async function refused(file: Upload, status: number, message: RegExp) {
    const before = await counts();
    const res = await upload(t.http, agreementId, file);
    expect({ status: res.status, code: res.body.code }).toMatchObject({ status });
    expect(res.body.message).toMatch(message);
    expect(res.body.requestId).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
    return res;
  }

  it('refuses a file over the limit with 413 and stores nothing', async () => {
    const big = Buffer.concat([pdf.subarray(0, 1024), Buffer.alloc(MAX_BYTES + 512 * 1024, 0x20), pdf]);
    const res = await refused({ file: big }, 413, /larger than/);
    expect(res.body.errors).toEqual([{ field: 'file', message: `must be at most ${MAX_BYTES} bytes` }]);
  });

  it('refuses an executable renamed .pdf with 415', async () => {
    const res = await refused(
      { file: await executable(), filename: 'contract.pdf', contentType: 'application/pdf' },
      415,
      /application\/x-elf/,
    );
    expect(res.body.code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('refuses content that is not what its name or declared type claims with 415', async () => {
    const png = await scanOf(pdf, 30);
    await refused({ file: png, filename: 'contract.pdf' }, 415, /PNG by its content, but its name claims PDF/);
    await refused(
      { file: png, filename: 'scan', contentType: 'application/pdf' },
      415,
      /PNG by its content, but was sent as application\/pdf/,
    );
    await refused(
      { file: Buffer.from('just some text, not a document\n'), filename: 'notes.pdf' },
      415,
      /no recognised type/,
    );
  });

  it('refuses an encrypted PDF and a truncated PDF with 422', async () => {
    const encrypted = await refused({ file: await encryptedPdf() }, 422, /encrypted PDF/);
    expect(encrypted.body.code).toBe('INVALID_FILE');
    await refused({ file: pdf.subarray(0, Math.floor(pdf.length / 2)) }, 422, /not a complete PDF/);
  });

  it('refuses a zip bomb disguised as DOCX, and a zip that is no real DOCX, with 422', async () => {
    const bomb = await zipBombDocx(MAX_UNZIPPED * 4);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    await refused({ file: bomb, filename: 'minutes.docx' }, 422, /unzips to more than/);
    const notWord = await zipOf([
      ['[Content_Types].xml', '<Types/>'],
      ['word/readme.txt', 'hello'],
    ]);
    const res = await upload(t.http, agreementId, { file: notWord, filename: 'minutes.docx' });
    expect([415, 422]).toContain(res.status);
  });

  it('accepts a real DOCX', async () => {
    const res = await upload(t.http, agreementId, {
      file: await docx(['รายงานการประชุม', 'Meeting report']),
      filename: 'minutes.docx',
      fields: { type: 'report', language: 'th' },
    });
    expect(res.status).toBe(201);
    expect(res.body.current.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('keeps a file name only as a safe display name', async () => {
    const cases: Array<[string, string]> = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['C:\\Users\\officer\\MOU.pdf', 'MOU.pdf'],
      ['evil\u0000\u0007name\u202Efdp.pdf', 'evilnamefdp.pdf'],
    ];
    for (const [filename, shown] of cases) {
      const res = await upload(t.http, agreementId, { file: pdf, filename, fields: { type: 'other', language: 'en' } });
      expect(res.status).toBe(201);
      expect(res.body.current.filename).toBe(shown);
    }
    const long = await upload(t.http, agreementId, {
      file: pdf,
      filename: `${'ก'.repeat(1000)}.pdf`,
      fields: { type: 'other', language: 'th' },
    });
    expect(long.status).toBe(201);
    expect([...long.body.current.filename]).toHaveLength(255);
    expect(long.body.current.filename.endsWith('.pdf')).toBe(true);
  });
});

describe('versions, authoritative copies and archive', () => {
  it('keeps every version with who and when; a stale version is a 409', async () => {
    const first = await upload(t.as('officer'), agreementId, { file: pdf, fields: { type: 'draft', language: 'en' } });
    const v2bytes = await textPdf(['Second draft']);
    const second = await t
      .as('manager')
      .post(`/documents/${first.body.id}/versions`)
      .field('version', String(first.body.version))
      .attach('file', v2bytes, { filename: 'draft-2.pdf' });
    expect(second.status).toBe(201);
    expect(second.body.currentVersion).toBe(2);
    expect(
      second.body.versions.map((v: { number: number; uploadedBy: string; filename: string }) => [
        v.number,
        v.uploadedBy,
        v.filename,
      ]),
    ).toEqual([
      [2, 'manager@mdes.go.th', 'draft-2.pdf'],
      [1, 'officer@mdes.go.th', 'signed.pdf'],
    ]);
    const stale = await t
      .as('manager')
      .post(`/documents/${first.body.id}/versions`)
      .field('version', String(first.body.version))
      .attach('file', await textPdf(['Third draft']), { filename: 'draft-3.pdf' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.current.currentVersion).toBe(2);

    const old = await t.http.get(`/documents/${first.body.id}/versions/1/content`).buffer(true).parse(binary);
    expect(sha256(old.body as Buffer)).toBe(sha256(pdf));
    const events = await t.as('auditor').get('/audit-events').query({ entityId: first.body.id });
    expect(events.body.items.map((e: { action: string }) => e.action)).toContain('document.version');
  });

  it('keeps one authoritative signed copy per language: marking another moves the mark', async () => {
    const agreement = await t.http.post('/agreements').send(anAgreement());
    const fields = { type: 'signed-copy', language: 'ja', authoritative: 'true' };
    const a = await upload(t.http, agreement.body.id, { file: await textPdf(['JA 1']), fields });
    const b = await upload(t.http, agreement.body.id, { file: await textPdf(['JA 2']), fields });
    const th = await upload(t.http, agreement.body.id, {
      file: await textPdf(['TH']),
      fields: { ...fields, language: 'th' },
    });
    expect([a.status, b.status, th.status]).toEqual([201, 201, 201]);
    const list = await t.http.get(`/agreements/${agreement.body.id}/documents`);
    const marks = Object.fromEntries(
      list.body.items.map((d: { id: string; authoritative: boolean }) => [d.id, d.authoritative]),
    );
    expect(marks).toEqual({ [a.body.id]: false, [b.body.id]: true, [th.body.id]: true });

    const draft = await t.http
      .patch(`/documents/${a.body.id}`)
      .send({ version: 2, type: 'draft', authoritative: true });
    expect(draft.status).toBe(400);
    expect(draft.body.errors).toEqual([{ field: 'authoritative', message: 'only a signed copy can be authoritative' }]);
  });

  it('archives and restores, never deletes; archived documents leave the list but stay downloadable', async () => {
    const doc = await upload(t.http, agreementId, {
      file: await textPdf(['To archive']),
      fields: { type: 'other', language: 'en' },
    });
    const archived = await t.http.post(`/documents/${doc.body.id}/archive`).send({ version: doc.body.version });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    const list = await t.http.get(`/agreements/${agreementId}/documents`);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(doc.body.id);
    const all = await t.http.get(`/agreements/${agreementId}/documents`).query({ includeArchived: true });
    expect(all.body.items.map((d: { id: string }) => d.id)).toContain(doc.body.id);
    expect((await t.http.get(`/documents/${doc.body.id}/versions/1/content`)).status).toBe(200);
    const version = await t
      .as('officer')
      .post(`/documents/${doc.body.id}/versions`)
      .field('version', String(archived.body.version))
      .attach('file', pdf, { filename: 'x.pdf' });
    expect(version.status).toBe(409);
    const restored = await t.http.post(`/documents/${doc.body.id}/restore`).send({ version: archived.body.version });
    expect(restored.status).toBe(200);
    expect(restored.body.archived).toBe(false);
  });

  it('the application cannot delete or rewrite stored bytes', async () => {
    const res = await t.dataSource.query('DELETE FROM blob_chunk WHERE seq = -1').catch((e: Error) => e);
    expect(res).toBeInstanceOf(Error);
    expect((res as Error).message).toMatch(/permission denied/);
  });
});

describe('integrity', () => {
  it('reports, audits and does not serve a version whose stored bytes were corrupted', async () => {
    const bytes = await textPdf(['Integrity check']);
    const doc = await upload(t.http, agreementId, { file: bytes, fields: { type: 'report', language: 'en' } });
    await t.ownerQuery(
      `UPDATE blob_chunk SET data = overlay(data PLACING '\\x00'::bytea FROM 200 FOR 1)
        WHERE blob_id = (SELECT id FROM blob WHERE sha256 = decode($1, 'hex')) AND seq = 0`,
      [doc.body.current.sha256],
    );
    const res = await t.as('auditor').get(`/documents/${doc.body.id}/versions/1/content`);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(doc.body.current.sha256),
    });
    const events = await t.as('auditor').get('/audit-events').query({ entityId: doc.body.id });
    const actions = events.body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('document.checksum-mismatch');
    expect(actions).not.toContain('document.download');
  });
});

describe('register export', () => {
  it("lists each agreement's documents in a column when asked", async () => {
    const res = await t
      .as('auditor')
      .get('/reports/agreements')
      .query({ format: 'csv', documents: true, q: 'Documents test agreement' });
    expect(res.status).toBe(200);
    const [header, row] = res.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header.split(',').at(-1)).toBe('Documents');
    expect(row).toContain('signed-copy (th): MOU signed (TH).pdf');
    const plain = await t.as('auditor').get('/reports/agreements').query({ format: 'csv' });
    expect(plain.text.split(/\r?\n/)[0]).not.toContain('Documents');
  });
});
