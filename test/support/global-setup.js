import { randomBytes } from 'node:crypto';

/**
 * Names this run's template database. Jest loads this file outside its TypeScript
 * pipeline, so the template itself is built by the first test file that needs it
 * (test-database.ts, under an advisory lock) and dropped by global-teardown.js.
 */
export default function globalSetup() {
  process.env.MOU_TEST_TEMPLATE = `mou_test_template_${process.pid}_${randomBytes(4).toString('hex')}`;
}
