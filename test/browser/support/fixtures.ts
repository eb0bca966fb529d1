import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, type Seeded, type SeededRole, users } from './seed.js';

export const consoleUrl = (): string => process.env.MOU_CONSOLE_URL ?? '';
export const seeded = (): Seeded => JSON.parse(process.env.MOU_SEEDED ?? '{}') as Seeded;

/**
 * Every test page reports CSP violations (Chromium logs "Refused to … Content Security
 * Policy") and uncaught errors; the test fails if any appeared.
 */
export const test = base.extend<{ problems: string[] }>({
  // The console's address is known only once global-setup has started it.
  baseURL: async ({ baseURL: _ }, use) => use(consoleUrl()),
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await use(problems);
      expect(problems, 'CSP violations or page errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function signIn(page: Page, role: SeededRole = 'officer'): Promise<void> {
  await page.locator('input[type="email"]').fill(users[role].email);
  await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** Opens a console path; signs in on the way when the session is gone (it keeps `next`). */
export async function open(page: Page, path: string, role: SeededRole = 'officer'): Promise<void> {
  await page.goto(path.replace(/^\//, ''));
  // Either the app (its header navigation) or, once the session check fails, the sign-in form.
  await page.locator('input[type="email"], header nav').first().waitFor();
  if (/\/sign-in/.test(page.url())) await signIn(page, role);
}

export async function chooseLanguage(page: Page, locale: 'th' | 'en'): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|ภาษา)$/ }).selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

export async function chooseCalendar(page: Page, calendar: 'buddhist' | 'gregorian'): Promise<void> {
  await page.getByRole('combobox', { name: /^(Calendar|ปฏิทิน)$/ }).selectOption(calendar);
}

/** No serious or critical WCAG 2.1 A/AA violation on what the page shows now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
