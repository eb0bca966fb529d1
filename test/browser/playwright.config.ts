import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium (no browser download): global-setup.ts starts the built
 * API on a free port with a database and Redis prefix of its own, seeds users and agreements
 * through the API, and tears it all down afterwards.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.pw.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/playwright',
  // Two cores shared with other engineers: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
