import {
  chooseCalendar,
  chooseLanguage,
  expect,
  expectAccessible,
  open,
  screenshot,
  seeded,
  signIn,
  test,
} from './support/fixtures.js';

/**
 * Every screen in Thai and in English: axe finds no serious or critical WCAG 2.1 AA
 * violation, and a full-page screenshot goes to test-results/screenshots/ to look at.
 */
const screens = [
  { name: 'register', path: 'agreements', ready: 'table tbody tr' },
  { name: 'register-filtered', path: 'agreements?status=expired&includeArchived=true', ready: 'table tbody tr' },
  // The agreement page, its forms and dialogs: agreement-screens.pw.ts.
  { name: 'deadlines', path: 'deadlines', ready: 'table tbody tr' },
  { name: 'milestones', path: 'milestones', ready: 'table tbody tr' },
  { name: 'imports', path: 'imports', ready: 'form button[type="submit"]' },
  { name: 'change-password', path: 'account/password', ready: 'form input[autocomplete="new-password"]' },
];

for (const locale of ['th', 'en'] as const) {
  test(`sign-in is accessible in ${locale}`, async ({ page }) => {
    await page.goto('sign-in');
    await chooseLanguage(page, locale);
    await expect(page.locator('form button[type="submit"]')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `sign-in-${locale}`);
  });

  for (const screen of screens) {
    test(`${screen.name} is accessible in ${locale}`, async ({ page }) => {
      await open(page, screen.path);
      await chooseLanguage(page, locale);
      await chooseCalendar(page, locale === 'th' ? 'buddhist' : 'gregorian');
      await page.locator(screen.ready).first().waitFor();
      await expectAccessible(page);
      await screenshot(page, `${screen.name}-${locale}`);
    });
  }
}

test('a session that ends says so and returns to the page the person was on', async ({ page, request }) => {
  await open(page, 'milestones?overdue=true');
  await expect(page.getByRole('row').nth(1)).toBeVisible(); // an overdue milestone under the header

  // Sign out everywhere from another client: every token of the account stops working.
  const apiUrl = process.env.MOU_API_URL;
  const login = await request.post(`${apiUrl}/auth/login`, {
    data: { email: 'officer@mdes.go.th', password: 'correct horse battery staple' },
  });
  const { accessToken } = await login.json();
  await request.post(`${apiUrl}/auth/logout`, { headers: { Authorization: `Bearer ${accessToken}` } });

  await page.getByRole('combobox', { name: 'สถานะ' }).selectOption('overdue');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmilestones%3Foverdue%3Dtrue%26status%3Doverdue&reason=expired/);
  await expect(page.getByRole('status').filter({ hasText: 'เซสชันของคุณสิ้นสุดแล้ว' })).toBeVisible();
  await screenshot(page, 'session-ended-th');
  await signIn(page, 'officer');
  await expect(page).toHaveURL(/\/console\/milestones\?overdue=true&status=overdue$/);
  await expect(page.getByRole('combobox', { name: 'สถานะ' })).toHaveValue('overdue');
});

test('export what you see: the CSV holds exactly the rows the search shows (managers and auditors)', async ({
  page,
}) => {
  const { japanMoc, koreaMou } = seeded();
  await open(page, 'agreements?q=%E0%B8%8D%E0%B8%B5%E0%B9%88%E0%B8%9B%E0%B8%B8%E0%B9%88%E0%B8%99', 'manager');
  await expect(page.getByRole('link', { name: japanMoc.reference })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const stream = await download.createReadStream();
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  expect(text).toContain(japanMoc.reference);
  expect(text).not.toContain(koreaMou.reference);
  // Thai headings and Buddhist-era dates, as the person reads the console.
  expect(text).toContain('2565');
});

test('an officer, who may not export, is offered no export', async ({ page }) => {
  await open(page, 'agreements');
  await expect(page.getByRole('link', { name: seeded().japanMoc.reference })).toBeVisible();
  await expect(page.getByRole('button', { name: 'CSV' })).toHaveCount(0);
});
