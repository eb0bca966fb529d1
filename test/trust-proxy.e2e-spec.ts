import { afterEach, expect, it } from '@jest/globals';
import { anAgreement } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * TRUST_PROXY decides whose word about the client's address the API takes, as the audit
 * trail (and the per-address sign-in limit) then records it: nobody's by default, so a
 * client cannot pass itself off as another address; else a hop count or the proxies'
 * own addresses. Tests reach the API from 127.0.0.1. (A malformed value stops the API at
 * start: boot.e2e-spec.ts.)
 */
let t: TestApp | undefined;
const saved = process.env.TRUST_PROXY;

afterEach(async () => {
  await t?.close();
  t = undefined;
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
});

const loopback = /^(::ffff:)?127\.0\.0\.1$/;

it.each([
  ['unset', undefined, '198.51.100.7, 203.0.113.9', loopback],
  ['false', 'false', '203.0.113.9', loopback],
  ['true', 'true', '198.51.100.7, 203.0.113.9', /^198\.51\.100\.7$/],
  ['a hop count', '1', '198.51.100.7, 203.0.113.9', /^203\.0\.113\.9$/],
  ['the proxy’s own address', '127.0.0.1', '198.51.100.7, 203.0.113.9', /^203\.0\.113\.9$/],
  ['another proxy’s address', '10.0.0.1', '203.0.113.9', loopback],
])('with TRUST_PROXY %s, records the client address it should', async (_name, value, forwardedFor, expected) => {
  if (value === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = value;
  t = await startTestApp();
  const created = await t.http.post('/agreements').set('X-Forwarded-For', forwardedFor).send(anAgreement());
  expect(created.status).toBe(201);
  const history = await t.as('auditor').get(`/agreements/${created.body.id}/history`);
  expect(history.body.items).toEqual([expect.objectContaining({ action: 'agreement.create' })]);
  expect(history.body.items[0].clientIp).toMatch(expected);
});
