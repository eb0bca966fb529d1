import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, expectAccessible, open, screenshot, test } from './support/fixtures.js';
import { type AgreementJson, call, tokenFor } from './support/record-api.js';
import { users } from './support/seed.js';

const headings = [
  'External ID',
  'Title (English)',
  'Title (Thai)',
  'Kind',
  'Status',
  'Parties',
  'Lead agency',
  'Signed on',
  'Entry into force',
  'Term (months)',
  'Last day',
  'Renewal',
  'Notice (days)',
];

function agreement(id: string, title: string, lastDay: string | null, noticeDays = 90): ExcelJS.CellValue[] {
  return [
    id,
    `Memorandum of Understanding on ${title}`,
    `บันทึกความเข้าใจว่าด้วย${title}`,
    'MOU',
    'in force',
    'Japan: Ministry of Internal Affairs and Communications',
    'MDES',
    '2022-01-10',
    '2022-01-10',
    60,
    lastDay,
    'none',
    noticeDays,
  ];
}

/** A register as an office keeps it: two agreements, the second with a date that does not exist (or its fix). */
async function register(secondLastDay: string | null): Promise<Buffer> {
  return workbook([
    agreement('BRW-IMP-1', 'Smart City Exchange', null),
    agreement('BRW-IMP-2', 'Open Data Standards', secondLastDay),
  ]);
}

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Agreements');
  sheet.addRow(headings);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads a file on the import screen (in English) and runs its dry run. */
async function uploadAndCheck(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: xlsxType, buffer });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: name })).toBeVisible();
  await page.getByRole('button', { name: 'Run dry run', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Dry run report' })).toBeVisible();
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('an officer imports a register: a bad date is shown by row and column in Thai, the fixed file commits', async ({
  page,
}) => {
  await open(page, 'agreements', 'officer');
  await page.getByRole('link', { name: 'นำเข้า' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('นำเข้าข้อมูลจากไฟล์ตาราง');

  await expect(page.getByRole('button', { name: 'ไฟล์ตาราง (.xlsx หรือ .csv)' })).toBeVisible();
  const fileInput = page.locator('input[type="file"]');
  await fileInput.setInputFiles({ name: 'register.xlsx', mimeType: xlsxType, buffer: await register('31/02/2560') });
  await page.getByRole('button', { name: 'อัปโหลด' }).click();
  // The guessed mapping, one select per column.
  await expect(page.getByRole('combobox', { name: 'Last day', exact: true })).toHaveValue('lastDay');
  await expect(page.getByRole('combobox', { name: 'External ID', exact: true })).toHaveValue('externalId');

  await page.getByRole('button', { name: 'ทดลองนำเข้า', exact: true }).click();
  const problemRow = page.getByRole('row').filter({ hasText: 'BRW-IMP-2' });
  await expect(problemRow).toContainText('แถวที่ 3, Last day: 31/02/2560 ไม่ใช่วันที่');
  await expect(problemRow).toContainText('คอลัมน์ “Last day”');
  await expect(problemRow.getByRole('cell').nth(1)).toHaveText('3');
  await expect(page.getByText('พบปัญหา 1 รายการใน 1 แถว')).toBeVisible();
  await expect(page.getByRole('button', { name: 'ยืนยันนำเข้า' })).toBeDisabled();
  await expectAccessible(page);
  await screenshot(page, 'import-problems-th');

  // In English the problems are asked for again, worded in English.
  await chooseLanguage(page, 'en');
  await expect(problemRow).toContainText('row 3, Last day: 31/02/2560 is not a date');
  await expectAccessible(page);
  await screenshot(page, 'import-problems-en');
  await chooseLanguage(page, 'th');
  await expect(problemRow).toContainText('แถวที่ 3, Last day');

  // The fixed file: a new upload, a new dry run, then commit.
  await fileInput.setInputFiles({ name: 'register-fixed.xlsx', mimeType: xlsxType, buffer: await register(null) });
  await page.getByRole('button', { name: 'อัปโหลด' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'register-fixed.xlsx' })).toBeVisible();
  await page.getByRole('button', { name: 'ทดลองนำเข้า', exact: true }).click();
  await expect(page.getByText('ไม่พบปัญหา ยืนยันนำเข้าได้')).toBeVisible();
  const summary = page.getByRole('table', { name: 'สิ่งที่การนำเข้าจะทำ' });
  await expect(
    summary
      .getByRole('row', { name: /ความตกลง/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('2');
  await page.getByRole('button', { name: 'ยืนยันนำเข้า' }).click();
  await expect(page.getByText('นำเข้าแล้ว: สร้าง 2 รายการ ปรับปรุง 0 รายการ')).toBeVisible();
  await expect(page.getByRole('button', { name: 'ยกเลิกการนำเข้านี้' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'import-committed-th');

  // Both are in the register, as new agreements of the officer's agency.
  await page.goto(
    'agreements?q=%E0%B8%9A%E0%B8%B1%E0%B8%99%E0%B8%97%E0%B8%B6%E0%B8%81%E0%B8%84%E0%B8%A7%E0%B8%B2%E0%B8%A1%E0%B9%80%E0%B8%82%E0%B9%89%E0%B8%B2%E0%B9%83%E0%B8%88%E0%B8%A7%E0%B9%88%E0%B8%B2%E0%B8%94%E0%B9%89%E0%B8%A7%E0%B8%A2',
  );
  await expect(page.getByRole('cell', { name: 'บันทึกความเข้าใจว่าด้วยSmart City Exchange' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'บันทึกความเข้าใจว่าด้วยOpen Data Standards' })).toBeVisible();
});

test('a commit after the records changed is refused as stale, a new dry run commits, and undo puts it back', async ({
  page,
}) => {
  await open(page, 'imports', 'officer');
  await chooseLanguage(page, 'en');
  await uploadAndCheck(page, 'first.xlsx', await workbook([agreement('BRW-STALE-1', 'Stale Check', null, 90)]));
  await page.getByRole('button', { name: 'Commit the import' }).click();
  await expect(page.getByText('Committed: 1 created, 0 updated.')).toBeVisible();

  // The same agreement with a shorter notice period: an update, before → after.
  await uploadAndCheck(page, 'second.xlsx', await workbook([agreement('BRW-STALE-1', 'Stale Check', null, 60)]));
  const row = page.getByRole('row').filter({ hasText: 'BRW-STALE-1' });
  await expect(row).toContainText('Update');
  await expect(row).toContainText('Notice (days): 90 → 60');

  // Someone edits the record between the dry run and the commit.
  const officer = await tokenFor(users.officer.email);
  const found = await call<{ items: AgreementJson[] }>('GET', '/agreements?q=Stale%20Check', officer);
  const record = found.items[0];
  await call('PATCH', `/agreements/${record.id}`, officer, {
    version: record.version,
    titleEn: 'Stale Check, renamed',
  });

  await page.getByRole('button', { name: 'Commit the import' }).click();
  const stale = page.getByRole('alert').filter({ hasText: 'Records changed since this dry run' });
  await expect(stale).toBeVisible();
  expect((await call<AgreementJson>('GET', `/agreements/${record.id}`, officer)).noticeDays).toBe(90);
  await stale.getByRole('button', { name: 'Run the dry run again' }).click();
  await expect(stale).toBeHidden();
  await expect(row).toContainText('Title (English): Stale Check, renamed → Memorandum of Understanding on Stale Check');
  await page.getByRole('button', { name: 'Commit the import' }).click();
  await expect(page.getByText('Committed: 0 created, 1 updated.')).toBeVisible();
  expect((await call<AgreementJson>('GET', `/agreements/${record.id}`, officer)).noticeDays).toBe(60);

  await page.getByRole('button', { name: 'Undo this import' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Undo this import' }).click();
  await expect(page.getByText('The import was undone.')).toBeVisible();
  const after = await call<AgreementJson>('GET', `/agreements/${record.id}`, officer);
  expect(after).toMatchObject({ noticeDays: 90, titleEn: 'Stale Check, renamed' });
  await expect(page.getByRole('row').filter({ hasText: 'second.xlsx' })).toContainText('Undone');
});

test('an auditor has no import in the navigation', async ({ page }) => {
  await open(page, 'agreements', 'auditor');
  await expect(page.locator('header nav').getByRole('link', { name: 'ทะเบียน' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'นำเข้า' })).toHaveCount(0);
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('link', { name: 'Import' })).toHaveCount(0);
});

/** The bytes of a download the console hands to the browser. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; content: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), content: Buffer.concat(chunks) };
}

async function readSheets(content: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as ExcelJS.CellValue[]).slice(1);

test('the template downloads in the person’s language, its headings those the import reads', async ({ page }) => {
  await open(page, 'imports', 'officer');
  const th = await readSheets(
    (await downloaded(page, () => page.getByRole('button', { name: 'ดาวน์โหลดแบบฟอร์ม' }).click())).content,
  );
  expect(th.worksheets.map((s) => s.name)).toEqual(['ความตกลง', 'กิจกรรม', 'ค่าที่ใช้ได้']);

  await chooseLanguage(page, 'en');
  const file = await downloaded(page, () => page.getByRole('button', { name: 'Download the template' }).click());
  expect(file.name).toMatch(/\.xlsx$/);
  const en = await readSheets(file.content);
  expect(en.worksheets.map((s) => s.name)).toEqual(['Agreements', 'Milestones', 'Allowed values']);
  expect(rowValues(en.getWorksheet('Agreements')!, 1)).toEqual(expect.arrayContaining(['Reference', 'Kind', 'Status']));
  // Its example rows pass a dry run as they are: the template is what the import reads.
  await uploadAndCheck(page, file.name, file.content);
  await expect(page.getByText('No problems: the import can be committed.')).toBeVisible();
  // … and were read: "no problems" alone would also follow a sheet read as empty.
  await expect(page.getByRole('row').filter({ hasText: 'MOC-2017-0001' }).first()).toBeVisible();
});

test('the problems spreadsheet gives the file back with each row’s problems; the report shows labels, not codes', async ({
  page,
}) => {
  await open(page, 'imports', 'officer');
  await chooseLanguage(page, 'en');
  await uploadAndCheck(
    page,
    'problems.xlsx',
    await workbook([agreement('BRW-PRB-1', 'Problem Report', null), agreement('BRW-PRB-2', 'Bad Date', '31/02/2560')]),
  );
  // Coded values in the person's language: the kind and status by their labels.
  const good = page.getByRole('row').filter({ hasText: 'BRW-PRB-1' });
  await expect(good).toContainText('Kind: Memorandum of understanding');
  await expect(good).toContainText('Status: In force');
  await expect(good).not.toContainText('in-force');

  const file = await downloaded(page, () => page.getByRole('button', { name: 'Excel (XLSX)' }).click());
  const sheet = (await readSheets(file.content)).getWorksheet('Agreements')!;
  const header = rowValues(sheet, 1);
  const problems = header.indexOf('Problems');
  expect(problems).toBeGreaterThanOrEqual(0);
  expect(String(rowValues(sheet, 2)[problems] ?? '')).toBe('');
  expect(String(rowValues(sheet, 3)[problems])).toContain('Last day: 31/02/2560 is not a date');
  expect(rowValues(sheet, 3)[header.indexOf('External ID')]).toBe('BRW-PRB-2');
});

test('a column mapping saved once is applied to the next upload', async ({ page }) => {
  await open(page, 'imports', 'officer');
  await chooseLanguage(page, 'en');
  const name = `No notice column ${Date.now()}`;
  await uploadAndCheck(page, 'mapping-first.xlsx', await register(null));
  const notice = page.getByRole('combobox', { name: 'Notice (days)', exact: true });
  await expect(notice).toHaveValue('noticeDays');
  await notice.selectOption({ label: 'Ignore this column' });
  await page.getByRole('textbox', { name: 'Save this mapping as' }).fill(name);
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await expect(page.getByText(`Mapping “${name}” saved.`)).toBeVisible();

  // The next file: the saved mapping chosen at upload, not the guess.
  await page.getByRole('combobox', { name: 'Apply a saved mapping' }).selectOption({ label: name });
  await uploadAndCheck(page, 'mapping-second.xlsx', await register(null));
  await expect(page.getByRole('combobox', { name: 'Notice (days)', exact: true })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Last day', exact: true })).toHaveValue('lastDay');
});
