import { chooseCalendar, chooseLanguage, expect, open, seeded, signIn, test } from './support/fixtures.js';

test('an officer signs in and lands on the register, which lists the agreements', async ({ page }) => {
  await page.goto('');
  await expect(page).toHaveURL(/\/console\/sign-in\?next=/);
  await signIn(page, 'officer');
  await expect(page).toHaveURL(/\/console\/agreements$/);
  // In the language the account keeps (other tests switch it): either is the register.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^(ทะเบียนความตกลง|Agreement register)$/);
  const { japanMoc, koreaMou } = seeded();
  await expect(page.getByRole('link', { name: japanMoc.reference })).toBeVisible();
  await expect(page.getByRole('link', { name: koreaMou.reference })).toBeVisible();
});

test('a wrong password is refused in words, and nothing else happens', async ({ page }) => {
  await page.goto('sign-in');
  await page.locator('input[type="email"]').fill('officer@mdes.go.th');
  await page.locator('input[autocomplete="current-password"]').fill('not the password');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('alert')).toHaveText('อีเมลหรือรหัสผ่านไม่ถูกต้อง');
  await expect(page).toHaveURL(/sign-in/);
});

test('the register finds an agreement by a Thai word, and the search is in the URL', async ({ page }) => {
  const { japanMoc, koreaMou } = seeded();
  await open(page, 'agreements');
  await page.getByRole('searchbox').fill('ญี่ปุ่น');
  await expect(page).toHaveURL(/q=%E0%B8%8D/);
  await expect(page.getByRole('link', { name: japanMoc.reference })).toBeVisible();
  await expect(page.getByRole('link', { name: koreaMou.reference })).toHaveCount(0);
  await page.getByRole('link', { name: japanMoc.reference }).click();
  await expect(page).toHaveURL(new RegExp(`/console/agreements/${japanMoc.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(japanMoc.reference);
});

test('filters go to the URL and survive a reload', async ({ page }) => {
  const { japanMoc, koreaMou } = seeded();
  await open(page, 'agreements');
  await page.getByRole('button', { name: 'หมดอายุ' }).click();
  await page.getByRole('combobox', { name: 'เรียงตาม' }).selectOption('expiresOn');
  await expect(page).toHaveURL(/status=expired/);
  await expect(page).toHaveURL(/sort=expiresOn/);
  await expect(page.getByRole('link', { name: japanMoc.reference })).toBeVisible();
  await expect(page.getByRole('link', { name: koreaMou.reference })).toHaveCount(0);

  await page.reload();
  await open(page, page.url().replace(/^.*\/console\//, ''));
  await expect(page).toHaveURL(/status=expired/);
  await expect(page.getByRole('combobox', { name: 'สถานะ' })).toHaveValue('expired');
  await expect(page.getByRole('combobox', { name: 'เรียงตาม' })).toHaveValue('expiresOn');
  await expect(page.getByRole('link', { name: japanMoc.reference })).toBeVisible();
  await expect(page.getByRole('link', { name: koreaMou.reference })).toHaveCount(0);
});

test('Thai shows Buddhist-era dates; English shows CE; the calendar switches on its own', async ({ page }) => {
  const { japanMoc } = seeded();
  await open(page, 'agreements');
  await chooseLanguage(page, 'th');
  await chooseCalendar(page, 'buddhist');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: japanMoc.reference }) });
  await expect(row).toContainText('4 มิ.ย. 2565');
  await expect(row).toContainText('6 มี.ค. 2565');
  await expect(row).toContainText('ญี่ปุ่น');

  await chooseLanguage(page, 'en');
  await chooseCalendar(page, 'gregorian');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agreement register');
  await expect(row).toContainText('4 Jun 2022');
  await expect(row).toContainText('Japan');

  await chooseCalendar(page, 'buddhist');
  await expect(row).toContainText('4 Jun 2565 BE');
});

test('the deadlines page lists notice deadlines, last days and milestones soonest first, each leading to its record', async ({
  page,
}) => {
  const { koreaMou } = seeded();
  await open(page, 'deadlines', 'manager');
  await chooseLanguage(page, 'en');
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: koreaMou.reference }) });
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('Exchange of threat intelligence contacts');
  await expect(rows.nth(0)).toContainText('10 d late');
  await expect(rows.nth(1)).toContainText('Joint cyber drill');
  await expect(rows.nth(2)).toContainText('Notice deadline');
  await expect(rows.nth(3)).toContainText('Last day in force');

  await page.getByRole('combobox', { name: 'What is due' }).selectOption('milestone');
  await expect(page).toHaveURL(/kind=milestone/);
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByRole('link', { name: koreaMou.reference }).click();
  await expect(page).toHaveURL(new RegExp(`/console/agreements/${koreaMou.id}$`));
});
