import {
  chooseCalendar,
  chooseLanguage,
  expect,
  expectAccessible,
  screenshot,
  seeded,
  signIn,
  test,
} from './support/fixtures.js';
import { ADMIN, PASSWORD } from './support/seed.js';

// The console session: refresh cookie, preferences kept on the account, forced password change.

test('a reload keeps the session: the refresh cookie brings the person back where they were', async ({ page }) => {
  await page.goto('deadlines?withinDays=365');
  await signIn(page, 'officer');
  await expect(page).toHaveURL(/\/console\/deadlines\?withinDays=365$/);
  await page.reload();
  await expect(page.getByRole('navigation').first()).toBeVisible();
  await expect(page).toHaveURL(/\/console\/deadlines\?withinDays=365$/);
  await expect(page.getByRole('combobox', { name: /^(Looking ahead \(days\)|มองไปข้างหน้า \(วัน\))$/ })).toHaveValue(
    '365',
  );
});

test('language and calendar are kept on the account and follow the person to another browser', async ({
  page,
  browser,
}) => {
  await page.goto('agreements');
  await signIn(page, 'auditor');
  await chooseLanguage(page, 'en');
  await chooseCalendar(page, 'gregorian');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: seeded().japanMoc.reference }) });
  await expect(row).toContainText('4 Jun 2022');

  const other = await browser.newPage({ baseURL: process.env.MOU_CONSOLE_URL });
  try {
    await other.goto('agreements');
    await signIn(other, 'auditor');
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Agreement register');
    await expect(
      other.getByRole('row').filter({ has: other.getByRole('link', { name: seeded().japanMoc.reference }) }),
    ).toContainText('4 Jun 2022');
  } finally {
    await other.close();
  }
  // Back to the defaults for the other tests.
  await chooseLanguage(page, 'th');
  await chooseCalendar(page, 'buddhist');
});

test('a password the admin set must be changed at the next sign-in, then the console opens', async ({
  page,
  request,
}) => {
  const apiUrl = process.env.MOU_API_URL;
  const admin = await request.post(`${apiUrl}/auth/login`, { data: { email: ADMIN.email, password: PASSWORD } });
  const { accessToken } = await admin.json();
  const headers = { Authorization: `Bearer ${accessToken}` };
  const created = await request.post(`${apiUrl}/users`, {
    headers,
    data: {
      email: 'newcomer@mdes.go.th',
      displayName: 'Newcomer',
      role: 'officer',
      agency: 'MDES',
      password: PASSWORD,
    },
  });
  expect(created.ok()).toBe(true);
  const { id, version } = await created.json();
  // A password the admin sets for someone else is known to two people: its owner must change it.
  const given = 'given by the admin 2';
  const reset = await request.patch(`${apiUrl}/users/${id}`, { headers, data: { password: given, version } });
  expect(reset.ok()).toBe(true);

  await page.goto('milestones');
  await page.locator('input[type="email"]').fill('newcomer@mdes.go.th');
  await page.locator('input[autocomplete="current-password"]').fill(given);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/console\/account\/password\?next=%2Fmilestones/);
  await expect(page.getByText('ก่อนใช้งานต่อ โปรดตั้งรหัสผ่านใหม่')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'change-password-forced-th');

  await page.getByRole('textbox', { name: 'รหัสผ่านปัจจุบัน', exact: true }).fill(given);
  await page.getByRole('textbox', { name: 'รหัสผ่านใหม่', exact: true }).fill('a new password of my own');
  await page.getByRole('textbox', { name: 'ยืนยันรหัสผ่านใหม่', exact: true }).fill('a new password of my own');
  await page.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
  await expect(page).toHaveURL(/\/console\/milestones$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('เป้าหมายย่อย');
});
