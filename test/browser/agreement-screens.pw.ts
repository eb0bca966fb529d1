import {
  chooseCalendar,
  chooseLanguage,
  expect,
  expectAccessible,
  open,
  screenshot,
  seeded,
  test,
} from './support/fixtures.js';
import { type AgreementJson, call, tokenFor } from './support/record-api.js';
import { users } from './support/seed.js';

const words = {
  th: {
    changeStatus: 'เปลี่ยนสถานะ',
    approved: 'อนุมัติแล้ว',
    cabinet: 'วันที่คณะรัฐมนตรีให้ความเห็นชอบ',
    archive: 'เก็บเข้าคลัง',
    addMilestone: 'เพิ่มเป้าหมายย่อย',
    cancel: 'ยกเลิก',
    edit: 'แก้ไข',
    summary: 'สาระสำคัญ',
    save: 'บันทึกการแก้ไข',
    statusChanged: 'เปลี่ยนสถานะ (รอการอนุมัติ → อนุมัติแล้ว)',
    edited: 'แก้ไข',
  },
  en: {
    changeStatus: 'Change status',
    approved: 'Approved',
    cabinet: 'Cabinet approval date',
    archive: 'Archive',
    addMilestone: 'Add milestone',
    cancel: 'Cancel',
    edit: 'Edit',
    summary: 'Summary',
    save: 'Save changes',
    statusChanged: 'Status changed (Awaiting approval → Approved)',
    edited: 'Edited',
  },
} as const;

/**
 * Every screen of the record in both languages: axe finds no serious or critical WCAG 2.1
 * AA violation, and each is saved to test-results/screenshots to be looked at.
 */
for (const locale of ['th', 'en'] as const) {
  test(`the agreement page, its dialogs and forms pass axe in ${locale === 'th' ? 'Thai' : 'English'}`, async ({
    page,
  }) => {
    // Six axe runs over long pages on a shared two-core machine.
    test.setTimeout(240_000);
    const w = words[locale];
    const { japanMoc } = seeded();
    const manager = await tokenFor(users.manager.email);
    const awaiting = await call<AgreementJson>('POST', '/agreements', manager, {
      kind: 'mou',
      titleEn: `Memorandum on Postal Cooperation (${locale})`,
      titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านไปรษณีย์',
      parties: [
        { country: 'TH', organization: 'Thailand Post Co. Ltd' },
        { country: 'CN', organization: 'China Post Group' },
      ],
      leadAgency: 'MDES',
      status: 'awaiting-approval',
      areas: ['postal'],
    });

    await open(page, `agreements/${japanMoc.id}`, 'manager');
    await chooseLanguage(page, locale);
    await chooseCalendar(page, locale === 'th' ? 'buddhist' : 'gregorian');
    await expect(page.getByTestId('last-day')).toHaveText(locale === 'th' ? '4 มิ.ย. 2565' : '4 Jun 2022');
    await expect(page.getByTestId('history')).toBeVisible();
    await expect(page.getByTestId('reminders').or(page.getByText(/No reminders|ยังไม่มีการแจ้งเตือน/))).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `agreement-page-${locale}`);

    await page.getByRole('button', { name: w.addMilestone }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `milestone-dialog-${locale}`);
    await page.getByRole('dialog').getByRole('button', { name: w.cancel }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    await page
      .getByRole('link', { name: awaiting.reference })
      .first()
      .isVisible()
      .catch(() => false);
    await page.goto(`agreements/${awaiting.id}`);
    await page.locator('input[type="email"], header nav').first().waitFor();
    if (/sign-in/.test(page.url())) {
      await open(page, `agreements/${awaiting.id}`, 'manager');
      await chooseLanguage(page, locale);
      await chooseCalendar(page, locale === 'th' ? 'buddhist' : 'gregorian');
    }
    await page.getByRole('button', { name: w.changeStatus }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: w.approved }).check();
    await expect(dialog.getByLabel(w.cabinet)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `status-dialog-${locale}`);
    await dialog.getByLabel(w.cabinet).fill(locale === 'th' ? '30/05/2560' : '30/05/2017');
    await dialog.getByRole('button', { name: w.changeStatus }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('lifecycle')).toContainText(locale === 'th' ? '30 พ.ค. 2560' : '30 May 2017');

    await page.getByRole('button', { name: w.archive, exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `archive-dialog-${locale}`);
    await page.getByRole('dialog').getByRole('button', { name: w.cancel }).click();

    await page.getByRole('link', { name: w.edit, exact: true }).click();
    await expect(page).toHaveURL(/\/edit$/);
    await expectAccessible(page);
    await screenshot(page, `agreement-edit-${locale}`);

    // The edit lands in the record's history: who, when, the field, before and after.
    await page.getByLabel(w.summary).fill('Postal cooperation and e-commerce for community products');
    await page.getByRole('button', { name: w.save }).click();
    await expect(page).toHaveURL(new RegExp(`/agreements/${awaiting.id}$`));
    const history = page.getByTestId('history');
    await expect(history).toContainText(w.statusChanged);
    const edit = history.getByRole('listitem').filter({ hasText: 'e-commerce' });
    await expect(edit).toContainText(w.edited);
    await expect(edit).toContainText(users.manager.email);
    await expect(edit.getByRole('row', { name: new RegExp(w.summary) })).toContainText('—');

    await page.goto('agreements/new');
    await page.locator('input[type="email"], header nav').first().waitFor();
    if (/sign-in/.test(page.url())) {
      await open(page, 'agreements/new', 'manager');
      await chooseLanguage(page, locale);
    }
    await expect(page.locator('form[aria-labelledby="agreement-form-title"]')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `agreement-new-${locale}`);
  });
}

test('the reminder plan lists each reminder, its date and state, in the chosen language', async ({ page }) => {
  const { koreaMou } = seeded();
  await open(page, `agreements/${koreaMou.id}`, 'manager');
  await chooseLanguage(page, 'en');
  await chooseCalendar(page, 'gregorian');
  const reminders = page.getByTestId('reminders');
  await expect(reminders).toContainText('Notice deadline');
  await expect(reminders).toContainText('Last day in force');
  await expect(reminders).toContainText('Milestone due');
  await expect(reminders.getByText('Pending').first()).toBeVisible();
  await expect(page.getByTestId('next-deadline')).toContainText(/Next: notice deadline .* \(\d+ days left\)/);
  await screenshot(page, 'agreement-reminders-en');
  await chooseLanguage(page, 'th');
  await chooseCalendar(page, 'buddhist');
  await expect(reminders).toContainText('กำหนดแจ้งบอกเลิก');
  await expect(reminders.getByText('รอส่ง').first()).toBeVisible();
  await screenshot(page, 'agreement-reminders-th');
});

test('archive and restore ask for confirmation first, for the agreement and for a milestone', async ({ page }) => {
  const officer = await tokenFor(users.officer.email);
  const created = await call<AgreementJson>('POST', '/agreements', officer, {
    kind: 'mou',
    titleEn: 'Memorandum on Smart Cities',
    parties: [
      { country: 'TH', organization: 'Digital Economy Promotion Agency' },
      { country: 'SG', organization: 'Smart Nation and Digital Government Office' },
    ],
    leadAgency: 'MDES',
  });
  await call('POST', `/agreements/${created.id}/milestones`, officer, {
    title: 'Digital Thailand Big Bang 2017',
    dueOn: '2017-09-24',
    ownerAgency: 'DEPA',
  });
  await open(page, `agreements/${created.id}`, 'officer');
  await chooseLanguage(page, 'en');

  const row = page.getByTestId('milestones').getByRole('row', { name: /Big Bang/ });
  await row.getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(row).not.toContainText('Archived');
  await row.getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(row).toContainText('Archived');
  await row.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(row).not.toContainText('Archived');

  await page.getByTestId('agreement-actions').getByRole('button', { name: 'Archive' }).click();
  const dialog = page.getByRole('dialog', { name: 'Archive this agreement?' });
  await expect(dialog).toContainText('Nothing is deleted');
  await dialog.getByRole('button', { name: 'Archive' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Archived', { exact: true }).first()).toBeVisible();
  expect((await call<AgreementJson>('GET', `/agreements/${created.id}`, officer)).archived).toBe(true);

  await page.getByTestId('agreement-actions').getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('agreement-actions').getByRole('button', { name: 'Archive' })).toBeVisible();
  expect((await call<AgreementJson>('GET', `/agreements/${created.id}`, officer)).archived).toBe(false);
});
