import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The API process serves the browser console's build under /console/. A small fixture
 * build stands in for apps/web/dist (WEB_DIST_DIR, relative to the repository root).
 */
async function startWithDist(dir: string): Promise<TestApp> {
  const saved = process.env.WEB_DIST_DIR;
  process.env.WEB_DIST_DIR = dir;
  try {
    return await startTestApp();
  } finally {
    if (saved === undefined) delete process.env.WEB_DIST_DIR;
    else process.env.WEB_DIST_DIR = saved;
  }
}

/** A Content-Security-Policy header as directive → sources. */
function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...sources] = part.split(/\s+/);
        return [name, sources.join(' ')];
      }),
  );
}

const consolePolicy = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'object-src': "'none'",
};

describe('the console, built', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app.getHttpServer()).get(path);

  beforeAll(async () => {
    t = await startWithDist('test/fixtures/web-dist');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a browser from / (and /console) to /console/', async () => {
    for (const path of ['/', '/console']) {
      const res = await get(path);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/console/');
    }
  });

  it('answers /console/ with the app, revalidated on every load, under the console CSP', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('MOU Tracker (test fixture)');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(directives(res.headers['content-security-policy'])).toEqual(consolePolicy);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers every deep link and reload with the app, at that URL', async () => {
    for (const path of ['/console/agreements/3f1c2b7e-0000-4000-8000-000000000001', '/console/deadlines?within=90']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('MOU Tracker (test fixture)');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(directives(res.headers['content-security-policy'])).toEqual(consolePolicy);
    }
    expect((await get('/console/index.html')).headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for a year, immutable; other files are revalidated', async () => {
    const asset = await get('/console/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await get('/console/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset 404, not the app under a script’s name', async () => {
    const res = await get('/console/assets/index-gone.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).not.toMatch(/html/);
  });

  it('leaves the API its strict policy and its JSON 404s', async () => {
    const api = await get('/health');
    expect(directives(api.headers['content-security-policy'])).toMatchObject({ 'default-src': "'none'" });
    const missing = await get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
    expect(directives(missing.headers['content-security-policy'])).toMatchObject({ 'default-src': "'none'" });
    const listed = await t.http.get('/agreements');
    expect(listed.status).toBe(200);
    expect(directives(listed.headers['content-security-policy'])).toMatchObject({ 'default-src': "'none'" });
  });
});

describe('the console, not built', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startWithDist('test/fixtures/no-such-web-dist');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says so with a 503 page at /console/ and below, and the API runs on', async () => {
    for (const path of ['/console/', '/console/agreements']) {
      const res = await request(t.app.getHttpServer()).get(path);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/console is not built/);
      expect(res.text).not.toContain('no-such-web-dist');
      expect(directives(res.headers['content-security-policy'])).toEqual(consolePolicy);
    }
    expect((await request(t.app.getHttpServer()).get('/')).headers.location).toBe('/console/');
    expect((await t.http.get('/auth/me')).status).toBe(200);
  });
});
