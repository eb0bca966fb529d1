import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverRoutes as listRoutes } from './support/server-routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const serverRoutes = () => listRoutes(t.app);

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('API documentation', () => {
  it('documents every route the app registers, each with a summary and a response', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { summary?: string; responses?: object }>>;

    const routes = serverRoutes();
    // The walk must see the routes this file names below, or the parse has gone wrong.
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: '/health' },
        { method: 'POST', path: '/agreements/:id/status' },
        { method: 'POST', path: '/cooperation-areas' },
      ]),
    );
    const undocumented: string[] = [];
    for (const { method, path } of routes) {
      const operation = paths[toOpenApiPath(path)]?.[method.toLowerCase()];
      if (!operation?.summary || !operation.responses) undocumented.push(`${method} ${path}`);
    }
    expect(undocumented).toEqual([]);

    for (const [path, method] of [
      ['/agreements', 'get'],
      ['/agreements', 'post'],
      ['/agreements/{id}', 'get'],
      ['/agreements/{id}', 'patch'],
      ['/agreements/{id}/status', 'post'],
      ['/cooperation-areas', 'get'],
      ['/cooperation-areas', 'post'],
      ['/countries', 'get'],
      ['/health', 'get'],
    ]) {
      expect(paths[path]?.[method]).toBeDefined();
    }
    const countryParameters = (paths['/countries'].get as { parameters?: Array<{ name: string }> }).parameters;
    expect(countryParameters?.map((p) => p.name).sort()).toEqual(['q', 'type']);
  });

  it('serves the interactive docs as HTML', async () => {
    const res = await t.http.get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('GET /health', () => {
  it('answers 200 with PostgreSQL and Redis up', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });
});
