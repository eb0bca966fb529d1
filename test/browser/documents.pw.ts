import type { Page } from '@playwright/test';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { chooseLanguage, consoleUrl, expect, expectAccessible, open, screenshot, test } from './support/fixtures.js';
import { call, tokenFor } from './support/record-api.js';
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

/** An agreement of the officer's agency that only this spec touches. */
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
  return id;
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
  const drop = await page.evaluateHandle(
    ({ bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'mou-revised-th.pdf', { type: 'application/pdf' }));
      return transfer;
    },
    { bytes: [...second] },
  );
  await versionDialog.getByTestId('document-dropzone').dispatchEvent('drop', { dataTransfer: drop });
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
  await expect(auditorSection.getByTestId('document-row')).toContainText('mou-revised-th.pdf');
  await expect(auditorSection.getByRole('button', { name: 'Versions (2)' })).toBeVisible();
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
