import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Route {
  method: string;
  /** As Fastify registers it: /agreements/:id */
  path: string;
}

/** Served by Swagger itself, not part of the API it describes. */
const notApi = (path: string) => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/**
 * Every route the HTTP server actually serves, Nest controllers or not, read from
 * Fastify's route tree: each line is a path segment indented under its parent.
 */
function serverRoutes(): Route[] {
  const tree: string = t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  const routes: Route[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (parents[depth - 1] ?? '') + match[2];
    parents[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) {
      // Fastify adds HEAD to every GET by itself.
      if (method !== 'HEAD' && !notApi(path)) routes.push({ method, path });
    }
  }
  return routes;
}

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
