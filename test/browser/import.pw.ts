import ExcelJS from 'exceljs';
import { chooseLanguage, expect, expectAccessible, open, screenshot, test } from './support/fixtures.js';

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

function agreement(id: string, title: string, lastDay: string | null): ExcelJS.CellValue[] {
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
    90,
  ];
}

/** A register as an office keeps it: two agreements, the second with a date that does not exist (or its fix). */
async function register(secondLastDay: string | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Agreements');
  sheet.addRow(headings);
  sheet.addRow(agreement('BRW-IMP-1', 'Smart City Exchange', null));
  sheet.addRow(agreement('BRW-IMP-2', 'Open Data Standards', secondLastDay));
  return Buffer.from(await wb.xlsx.writeBuffer());
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

test('an auditor has no import in the navigation', async ({ page }) => {
  await open(page, 'agreements', 'auditor');
  await expect(page.locator('header nav').getByRole('link', { name: 'ทะเบียน' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'นำเข้า' })).toHaveCount(0);
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('link', { name: 'Import' })).toHaveCount(0);
});
