import type { Page } from '@playwright/test';
import { chooseLanguage, expect, open, seeded, test } from './support/fixtures.js';
import { ensureUser } from './support/record-api.js';
import { PASSWORD, type SeededRole } from './support/seed.js';

const otherOfficer = {
  email: 'officer@mfa.go.th',
  displayName: 'Pranee Thongdee',
  role: 'officer',
  agency: 'Ministry of Foreign Affairs',
};

/** Every control that writes, as the agreement page names them in English. */
const writeControls = /^(Edit|Change status|Archive|Restore|Add milestone|Complete)$/;

async function writeButtons(page: Page): Promise<string[]> {
  const names = await page.locator('main').getByRole('button').allInnerTexts();
  const links = await page.locator('main').getByRole('link').allInnerTexts();
  return [...names, ...links].map((n) => n.trim()).filter((n) => writeControls.test(n));
}

async function openAgreement(page: Page, id: string, role: SeededRole): Promise<void> {
  await open(page, `agreements/${id}`, role);
  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('lifecycle')).toBeVisible();
  await expect(page.getByTestId('milestones')).toBeVisible();
}

test('the officer of the lead agency sees the write controls (so their absence below means something)', async ({
  page,
}) => {
  const { japanMoc } = seeded();
  await openAgreement(page, japanMoc.id, 'officer');
  expect(await writeButtons(page)).toEqual(
    expect.arrayContaining(['Edit', 'Change status', 'Archive', 'Add milestone']),
  );
  await expect(page.getByText("The record's history is open to managers, auditors and administrators.")).toBeVisible();
});

test('an auditor sees the whole record and its history but no write control at all', async ({ page }) => {
  const { japanMoc } = seeded();
  await openAgreement(page, japanMoc.id, 'auditor');
  expect(await writeButtons(page)).toEqual([]);
  await expect(page.getByTestId('agreement-actions')).toHaveCount(0);
  await expect(page.getByTestId('history')).toContainText('Recorded');
  await expect(page.getByTestId('milestones')).toContainText('Net Pracharat');

  // The form is not there for them either: its address leads back to the record.
  await open(page, `agreements/${japanMoc.id}/edit`, 'auditor');
  await expect(page).toHaveURL(new RegExp(`/agreements/${japanMoc.id}$`));
  await open(page, 'agreements/new', 'auditor');
  await expect(page).toHaveURL(/\/agreements$/);
});

test("an officer of another agency sees no write control on this agency's record", async ({ page }) => {
  await ensureUser(otherOfficer);
  const { japanMoc } = seeded();
  await page.goto(`agreements/${japanMoc.id}`);
  await page.locator('input[type="email"]').fill(otherOfficer.email);
  await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/agreements/${japanMoc.id}$`));
  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('milestones')).toBeVisible();
  expect(await writeButtons(page)).toEqual([]);
  await expect(page.getByTestId('agreement-actions')).toHaveCount(0);
});
