import type { Locator, Page } from '@playwright/test';
import { chooseCalendar, chooseLanguage, expect, open, test } from './support/fixtures.js';
import { type AgreementJson, call, tokenFor } from './support/record-api.js';
import { users } from './support/seed.js';

/** Presses Tab (and only Tab) until `target` has the focus: the keyboard is the only way in. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  await target.waitFor({ timeout: 5_000 });
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el.matches(':focus')).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** A native <select>: arrow keys move the choice, as a keyboard user does. */
async function chooseByArrows(page: Page, target: Locator, value: string): Promise<void> {
  await tabTo(page, target);
  for (let i = 0; i < 12 && (await target.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  await expect(target).toHaveValue(value);
}

test('an officer records the Thailand–Japan memorandum of cooperation by keyboard alone, in Thai with Buddhist-era dates, and sees its derived dates in both languages', async ({
  page,
}) => {
  await open(page, 'agreements/new');
  await chooseLanguage(page, 'th');
  await chooseCalendar(page, 'buddhist');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('บันทึกความตกลง');
  const form = page.locator('form[aria-labelledby="agreement-form-title"]');
  // From here on nothing is clicked: Tab, typing, arrows, Space and Enter only.
  await page.getByRole('heading', { level: 1 }).focus();

  await typeInto(page, form.getByLabel('ชื่อภาษาไทย'), 'บันทึกความร่วมมือด้านไอซีทีและดิจิทัล ไทย–ญี่ปุ่น (จากข่าวทำเนียบรัฐบาล)');
  await typeInto(page, form.getByLabel('ชื่อภาษาอังกฤษ'), 'Memorandum of Cooperation on ICT and Digital (Thailand–Japan)');
  await chooseByArrows(page, form.getByLabel('ประเภท', { exact: true }), 'moc');

  // Party 1 is Thailand, the officer's ministry, already filled in; party 2 is Japan's MIC.
  const party2 = form.getByTestId('party-1');
  await typeInto(page, party2.getByRole('combobox', { name: 'ประเทศหรือองค์การ' }), 'ญี่ปุ่น');
  await page.keyboard.press('Enter');
  await expect(party2.getByRole('combobox', { name: 'ประเทศหรือองค์การ' })).toHaveValue(/ญี่ปุ่น/);
  await typeInto(page, party2.getByLabel('หน่วยงานที่ลงนาม'), 'Ministry of Internal Affairs and Communications');
  const party1 = form.getByTestId('party-0');
  await expect(party1.getByRole('combobox', { name: 'ประเทศหรือองค์การ' })).toHaveValue(/ไทย/);

  // All six areas of the source document.
  const areas = form.getByRole('group', { name: 'สาขาที่ความตกลงครอบคลุม' }).getByRole('checkbox');
  await expect(areas).toHaveCount(6);
  for (let i = 0; i < 6; i++) {
    await tabTo(page, areas.nth(i));
    await page.keyboard.press('Space');
    await expect(areas.nth(i)).toBeChecked();
  }

  await chooseByArrows(page, form.getByLabel('ขั้นตอน', { exact: true }), 'in-force');
  await typeInto(page, form.getByLabel('วันที่คณะรัฐมนตรีให้ความเห็นชอบ'), '30/05/2560');
  await typeInto(page, form.getByLabel('วันลงนาม'), '05/06/2560');
  await typeInto(page, form.getByLabel('วันมีผลใช้บังคับ'), '05/06/2560');

  // Five years (the default term), renewal by consent, 90 days' notice (the default).
  await expect(form.getByRole('textbox', { name: 'ระยะเวลา', exact: true })).toHaveValue('5');
  await expect(form.getByLabel('หน่วยของระยะเวลา')).toHaveValue('years');
  await chooseByArrows(page, form.getByLabel('การต่ออายุ'), 'by-consent');
  await expect(form.getByLabel('ระยะเวลาแจ้งล่วงหน้า (วัน)')).toHaveValue('90');
  await typeInto(page, form.getByLabel('เอกสารต้นทาง (ที่อยู่เว็บ)'), 'http://www.thaigov.go.th/news/contents/details/4283');
  await typeInto(page, form.getByLabel('ป้ายกำกับ'), 'japan, digital');

  await tabTo(page, form.getByRole('button', { name: 'บันทึกความตกลง' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/console\/agreements\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() ?? '';
  await expect(page.getByTestId('last-day')).toHaveText('4 มิ.ย. 2565');
  await expect(page.getByTestId('notice-deadline')).toHaveText('6 มี.ค. 2565');
  await expect(page.getByTestId('lifecycle')).toContainText('5 ปี นับจากวันมีผลใช้บังคับ 5 มิ.ย. 2560: วันสุดท้าย 4 มิ.ย. 2565');
  await expect(page.getByTestId('lifecycle')).toContainText('30 พ.ค. 2560');
  await expect(page.getByTestId('parties')).toContainText('ญี่ปุ่น');
  await expect(page.getByTestId('areas').getByRole('listitem')).toHaveCount(6);

  await chooseLanguage(page, 'en');
  await chooseCalendar(page, 'gregorian');
  await expect(page.getByTestId('last-day')).toHaveText('4 Jun 2022');
  await expect(page.getByTestId('notice-deadline')).toHaveText('6 Mar 2022');
  await expect(page.getByTestId('lifecycle')).toContainText(
    '5 years from entry into force 5 Jun 2017: last day 4 Jun 2022',
  );
  await expect(page.getByTestId('lifecycle')).toContainText(
    "90 days' notice before the last day 4 Jun 2022: notice deadline 6 Mar 2022",
  );
  await expect(page.getByTestId('parties')).toContainText('Japan');
  await expect(page.getByTestId('areas')).toContainText('Postal cooperation');

  // What the API holds is what the form meant: dates as YYYY-MM-DD, both parties, six areas.
  const saved = await call<AgreementJson>('GET', `/agreements/${id}`, await tokenFor(users.officer.email));
  expect(saved).toMatchObject({
    kind: 'moc',
    status: 'expired',
    cabinetApprovedOn: '2017-05-30',
    signedOn: '2017-06-05',
    effectiveOn: '2017-06-05',
    termMonths: 60,
    renewal: 'by-consent',
    noticeDays: 90,
    expiresOn: '2022-06-04',
    noticeDeadline: '2022-03-06',
  });
  expect(saved.parties.map((p) => p.country)).toEqual(['TH', 'JP']);
  expect(saved.areas).toHaveLength(6);

  // The Net Pracharat programme under it: 24,700 villages by the end of 2017.
  await page.getByRole('button', { name: 'Add milestone' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a milestone' });
  await dialog.getByLabel('Milestone').fill('Net Pracharat: broadband to all 24,700 villages');
  await dialog.getByLabel('Owner agency').fill('TOT Public Company Ltd');
  await dialog.getByLabel('Due').fill('31/12/2017');
  await dialog.getByLabel('Target').fill('24700');
  await dialog.getByLabel('Unit (e.g. villages)').fill('villages');
  await dialog.getByLabel('Actual').fill('18000');
  await dialog.getByRole('button', { name: 'Save milestone' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('milestones').getByRole('row', { name: /Net Pracharat/ });
  await expect(row).toContainText('TOT Public Company Ltd');
  await expect(row).toContainText('31 Dec 2017');
  await expect(row).toContainText('18,000 of 24,700 villages');
  await expect(row).toContainText('Overdue');
  await expect(row.getByRole('progressbar')).toHaveAccessibleName('73% of target');

  // Completed: actual value and completion date.
  await row.getByRole('button', { name: 'Complete' }).click();
  const complete = page.getByRole('dialog', { name: /Complete/ });
  await complete.getByLabel('Actual').fill('24700');
  await complete.getByLabel('Completed on').fill('20/12/2017');
  await complete.getByRole('button', { name: 'Mark as done' }).click();
  await expect(complete).toBeHidden();
  await expect(row).toContainText('24,700 of 24,700 villages');
  await expect(row).toContainText('Completed 20 Dec 2017');
  await expect(row).toContainText('Done');
});
