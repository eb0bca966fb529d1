import type { Locator, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { chooseLanguage, consoleUrl, expect, expectAccessible, open, screenshot, test } from './support/fixtures.js';
import { apiUrl, call, tokenFor } from './support/record-api.js';
import { users } from './support/seed.js';

const require = createRequire(import.meta.url);
const sarabun = require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf');

/** A one-page PDF with a Thai word in it, made here with the console's own Thai font. */
function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.font(sarabun).fontSize(24).text(text);
    doc.end();
  });
}

const milestoneTitle = 'Pilot of the digital ID exchange';

/** An agreement of the officer's agency, with one milestone, that only this spec touches. */
async function freshAgreement(): Promise<string> {
  const officer = await tokenFor(users.officer.email);
  const { id } = await call<{ id: string }>('POST', '/agreements', officer, {
    kind: 'mou',
    titleEn: 'Memorandum of Understanding on Digital Government',
    titleTh: 'บันทึกความเข้าใจว่าด้วยรัฐบาลดิจิทัล',
    parties: [
      { country: 'TH', organization: 'Digital Government Development Agency' },
      { country: 'EE', organization: 'Information System Authority' },
    ],
    leadAgency: 'MDES',
    status: 'negotiating',
  });
  await call('POST', `/agreements/${id}/milestones`, officer, { title: milestoneTitle, dueOn: '2030-01-31' });
  return id;
}

/** A new version uploaded by someone else meanwhile (the API, multipart: fields first, then the file). */
async function versionFromElsewhere(documentId: string, version: number, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('version', String(version));
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'from-elsewhere.pdf');
  const response = await fetch(`${apiUrl()}/documents/${documentId}/versions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await tokenFor(users.manager.email)}` },
    body: form,
  });
  expect(response.status).toBe(201);
}

/** Drops a file on the upload dialog's zone, as dragging it from the desktop does. */
async function dropFile(page: Page, zone: Locator, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, bytes }) => {
      // Runs in the page, where DataTransfer exists (the test's own types are Node's).
      const { DataTransfer } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: File): void } };
      };
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
      return data;
    },
    { name, bytes: [...bytes] },
  );
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

async function openDocuments(page: Page, id: string, role: 'officer' | 'auditor'): Promise<void> {
  await open(page, `agreements/${id}`, role);
  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('documents-section')).toBeVisible();
}

test('an officer uploads a PDF and a second version, sees both; an auditor only reads', async ({ page, browser }) => {
  const id = await freshAgreement();
  const first = await pdfWith('บันทึกความเข้าใจ ฉบับลงนาม (signed copy)');
  const second = await pdfWith('บันทึกความเข้าใจ ฉบับแก้ไข (revised)');

  await openDocuments(page, id, 'officer');
  const section = page.getByTestId('documents-section');
  await expect(section).toContainText('No documents yet.');

  // First upload: the fields, then the file chosen from the keyboard with the file button.
  await section.getByRole('button', { name: 'Upload a document' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload a document' });
  await dialog.getByLabel('Type', { exact: true }).selectOption('signed-copy');
  await dialog.getByLabel('Language', { exact: true }).selectOption('th');
  await dialog.getByLabel('Note', { exact: true }).fill('ฉบับลงนามจริง');
  await dialog.getByLabel('Authoritative signed copy in this language').check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose a file to upload');
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose file' }).focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'mou-signed-th.pdf', mimeType: 'application/pdf', buffer: first });
  await expect(dialog.getByTestId('document-chosen')).toContainText('mou-signed-th.pdf');
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = section.getByTestId('document-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Signed copy');
  await expect(row).toContainText('Authoritative');
  await expect(row).toContainText('Thai');
  await expect(row).toContainText('mou-signed-th.pdf');
  await expect(row).toContainText('Version 1');
  await expect(row).toContainText(users.officer.email);
  await expect(row).toContainText(/Reading…|Searchable/);

  // Second version, dropped on the zone.
  await row.getByRole('button', { name: 'New version' }).click();
  const versionDialog = page.getByRole('dialog', { name: 'New version of mou-signed-th.pdf' });
  await dropFile(page, versionDialog.getByTestId('document-dropzone'), 'mou-revised-th.pdf', second);
  await expect(versionDialog.getByTestId('document-chosen')).toContainText('mou-revised-th.pdf');
  await versionDialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(versionDialog).toBeHidden();

  await expect(row).toContainText('mou-revised-th.pdf');
  await expect(row).toContainText('Version 2');
  await row.getByRole('button', { name: 'Versions (2)' }).click();
  const versions = section.getByTestId('document-versions');
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(versions).toContainText('mou-revised-th.pdf');
  await expect(versions).toContainText('mou-signed-th.pdf');
  const download = page.waitForEvent('download');
  await versions.getByRole('button', { name: 'Download version 1 of mou-signed-th.pdf' }).click();
  expect((await download).suggestedFilename()).toBe('mou-signed-th.pdf');

  // A version read before someone else added one is refused (409) and the dialog says so.
  await row.getByRole('button', { name: 'New version' }).click();
  const staleDialog = page.getByRole('dialog', { name: 'New version of mou-revised-th.pdf' });
  const documentId = (
    await call<{ items: Array<{ id: string }> }>(
      'GET',
      `/agreements/${id}/documents`,
      await tokenFor(users.officer.email),
    )
  ).items[0].id;
  await versionFromElsewhere(documentId, 2, second);
  await dropFile(page, staleDialog.getByTestId('document-dropzone'), 'too-late.pdf', second);
  await staleDialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(staleDialog.getByText('Someone else added a version meanwhile', { exact: false })).toBeVisible();
  await staleDialog.getByRole('button', { name: 'Close' }).click();
  await expect(row).toContainText('from-elsewhere.pdf');
  await expect(row).toContainText('Version 3');

  // Archive and restore, each after a confirmation.
  await row.getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('dialog', { name: 'Archive this document?' }).getByRole('button', { name: 'Archive' }).click();
  await expect(row).toContainText('Archived');
  await row.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog', { name: 'Restore this document?' }).getByRole('button', { name: 'Restore' }).click();
  await expect(row).not.toContainText('Archived');

  // A milestone's own documents: none yet; one uploaded there is filed under it.
  await page.getByRole('button', { name: `Documents of milestone ${milestoneTitle}` }).click();
  await expect(section).toContainText('No documents yet.');
  await section.getByRole('button', { name: 'Upload a document' }).click();
  const milestoneDialog = page.getByRole('dialog', { name: 'Upload a document' });
  await expect(milestoneDialog.getByLabel('Milestone', { exact: true })).toHaveValue(/.+/);
  await milestoneDialog.getByLabel('Type', { exact: true }).selectOption('report');
  await dropFile(page, milestoneDialog.getByTestId('document-dropzone'), 'pilot-report.pdf', first);
  await milestoneDialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(milestoneDialog).toBeHidden();
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('pilot-report.pdf');
  await expect(row).toContainText(`Milestone: ${milestoneTitle}`);
  await section.getByLabel('Show documents of').selectOption({ label: 'The whole agreement' });
  await expect(row).toHaveCount(2);

  for (const locale of ['en', 'th'] as const) {
    await chooseLanguage(page, locale);
    await expectAccessible(page);
    await screenshot(page, `documents-officer-${locale}`);
  }

  // An auditor reads the same list, versions included, with no write control.
  const auditorContext = await browser.newContext({ baseURL: consoleUrl() });
  const auditor = await auditorContext.newPage();
  await openDocuments(auditor, id, 'auditor');
  const auditorSection = auditor.getByTestId('documents-section');
  await expect(auditorSection.getByTestId('document-row').first()).toContainText('from-elsewhere.pdf');
  await expect(auditorSection.getByRole('button', { name: 'Versions (3)' })).toBeVisible();
  for (const name of ['Upload a document', 'New version', 'Archive', 'Restore']) {
    await expect(auditorSection.getByRole('button', { name })).toHaveCount(0);
  }
  for (const locale of ['en', 'th'] as const) {
    await chooseLanguage(auditor, locale);
    await expectAccessible(auditor);
    await screenshot(auditor, `documents-auditor-${locale}`);
  }
  await auditorContext.close();
});
