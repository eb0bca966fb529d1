import { chooseCalendar, chooseLanguage, expect, open, screenshot, test } from './support/fixtures.js';
import { type AgreementJson, call, tokenFor } from './support/record-api.js';
import { users } from './support/seed.js';

const words = {
  en: {
    titleEn: 'Title in English',
    notice: 'Notice period (days)',
    save: 'Save changes',
    apply: 'Apply my edit to the current version',
    field: 'Title (English)',
    noticeField: 'Notice period (days)',
  },
  th: {
    titleEn: 'ชื่อภาษาอังกฤษ',
    notice: 'ระยะเวลาแจ้งล่วงหน้า (วัน)',
    save: 'บันทึกการแก้ไข',
    apply: 'นำการแก้ไขของฉันไปใช้กับฉบับปัจจุบัน',
    field: 'ชื่อ (ภาษาอังกฤษ)',
    noticeField: 'ระยะเวลาแจ้งล่วงหน้า (วัน)',
  },
} as const;

for (const locale of ['en', 'th'] as const) {
  test(`a second tab's stale save is caught, shown field by field, and applied to the current version (${locale})`, async ({
    page,
    context,
  }) => {
    const w = words[locale];
    const officer = await tokenFor(users.officer.email);
    const created = await call<AgreementJson>('POST', '/agreements', officer, {
      kind: 'mou',
      titleEn: `Memorandum on Digital Government (${locale})`,
      titleTh: 'บันทึกความเข้าใจว่าด้วยรัฐบาลดิจิทัล',
      parties: [
        { country: 'TH', organization: 'Digital Government Development Agency' },
        { country: 'EE', organization: 'Information System Authority' },
      ],
      leadAgency: 'MDES',
      status: 'in-force',
      signedOn: '2024-01-15',
      effectiveOn: '2024-01-15',
      termMonths: 36,
      noticeDays: 90,
    });

    // Tab A opens the form first; tab B opens it too, changes the English title and saves.
    await open(page, `agreements/${created.id}/edit`);
    await chooseLanguage(page, locale);
    await chooseCalendar(page, locale === 'th' ? 'buddhist' : 'gregorian');
    const tabB = await context.newPage();
    await open(tabB, `agreements/${created.id}/edit`);
    await chooseLanguage(tabB, locale);
    const theirTitle = `Memorandum on Digital Government and Data Exchange (${locale})`;
    await tabB.getByLabel(w.titleEn).fill(theirTitle);
    await tabB.getByRole('button', { name: w.save }).click();
    await expect(tabB).toHaveURL(new RegExp(`/agreements/${created.id}$`));
    await tabB.close();

    // Tab A, still on version 1, changes the notice period and saves: the API answers 409.
    await page.getByLabel(w.notice).fill('60');
    await page.getByRole('button', { name: w.save }).click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toBeVisible();
    const row = conflict.getByRole('row', { name: new RegExp(w.field.replace(/[()]/g, '\\$&')) });
    await expect(row.getByRole('cell').nth(1)).toHaveText(theirTitle);
    await expect(row.getByRole('cell').nth(2)).toHaveText(`Memorandum on Digital Government (${locale})`);
    await screenshot(page, `agreement-edit-conflict-${locale}`);

    // Nothing was overwritten: the record has their title and still 90 days.
    const meanwhile = await call<AgreementJson>('GET', `/agreements/${created.id}`, officer);
    expect(meanwhile).toMatchObject({ titleEn: theirTitle, noticeDays: 90, version: 2 });

    // Applied to the current version: their title stays, my 60 days goes on top; saved again.
    await conflict.getByRole('button', { name: w.apply }).click();
    await expect(page.getByTestId('conflict-applied')).toBeVisible();
    await expect(page.getByLabel(w.titleEn)).toHaveValue(theirTitle);
    await expect(page.getByLabel(w.notice)).toHaveValue('60');
    await page.getByRole('button', { name: w.save }).click();
    await expect(page).toHaveURL(new RegExp(`/agreements/${created.id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    const after = await call<AgreementJson>('GET', `/agreements/${created.id}`, officer);
    expect(after).toMatchObject({ titleEn: theirTitle, noticeDays: 60, version: 3 });
  });
}

test('the API names a field the form cannot check (entry into force before signature): the problem shows beside it in Thai, and nothing is saved', async ({
  page,
}) => {
  await open(page, 'agreements/new');
  await chooseLanguage(page, 'th');
  await chooseCalendar(page, 'buddhist');
  const title = 'บันทึกความเข้าใจทดสอบวันที่ผิดลำดับ';
  await page.getByLabel('ชื่อภาษาไทย').fill(title);
  const party2 = page.getByTestId('party-1');
  await party2.getByRole('combobox', { name: 'ประเทศหรือองค์การ' }).click();
  await page.keyboard.type('Viet');
  await page.keyboard.press('Enter');
  await expect(party2.getByRole('combobox', { name: 'ประเทศหรือองค์การ' })).toHaveValue(/Viet Nam|Vietnam/);
  await party2.getByLabel('หน่วยงานที่ลงนาม').fill('Ministry of Information and Communications');
  await page.getByLabel('ขั้นตอน', { exact: true }).selectOption('in-force');
  await page.getByLabel('วันลงนาม').fill('10/06/2560');
  await page.getByLabel('วันมีผลใช้บังคับ').fill('05/06/2560');
  await page.getByRole('button', { name: 'บันทึกความตกลง' }).click();

  await expect(page.getByTestId('form-errors')).toContainText('ยังไม่ได้บันทึกสิ่งใด');
  const effective = page.getByRole('textbox', { name: 'วันมีผลใช้บังคับ' });
  await expect(effective).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('วันมีผลใช้บังคับต้องไม่ก่อนวันลงนาม')).toBeVisible();
  await expect(effective).toBeFocused();
  await expect(page).toHaveURL(/\/agreements\/new$/);
  await screenshot(page, 'agreement-form-errors-th');

  const found = await call<{ total: number }>(
    'GET',
    `/agreements?q=${encodeURIComponent(title)}`,
    await tokenFor(users.officer.email),
  );
  expect(found.total).toBe(0);
});
