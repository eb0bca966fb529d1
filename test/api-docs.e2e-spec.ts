import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stableJson, writeOpenApi } from '../apps/api/src/openapi/write-openapi.js';
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

  it('gives every property, parameter and body a real type, so a generated client is usable', async () => {
    const document = (await t.http.get('/docs-json')).body as OpenApi;
    expect(untypedSchemas(document)).toEqual([]);
  });

  it('finds a property without a real type (the check itself)', () => {
    const document: OpenApi = {
      paths: {},
      components: {
        schemas: {
          Dto: {
            type: 'object',
            properties: {
              titleEn: { type: 'object', nullable: true },
              areas: { type: 'array', items: {} },
              fine: { type: 'string', nullable: true },
            },
          },
        },
      },
    };
    expect(untypedSchemas(document)).toEqual(['Dto.titleEn', 'Dto.areas[]']);
  });

  it('names every operation uniquely, with a success response and error responses in the one error shape', async () => {
    const document = (await t.http.get('/docs-json')).body as OpenApi;
    const ids: string[] = [];
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        ids.push(operation.operationId ?? '');
        if (!/^[a-z][A-Za-z]+$/.test(operation.operationId ?? '')) problems.push(`${where}: operationId`);
        const statuses = Object.keys(operation.responses ?? {});
        const success = statuses.filter((s) => s.startsWith('2'));
        if (!success.length) problems.push(`${where}: no success response`);
        for (const status of success) {
          if (status !== '204' && !operation.responses![status].content) problems.push(`${where}: ${status} no body`);
        }
        const errors = statuses.filter((s) => /^[45]/.test(s));
        if (!errors.length) problems.push(`${where}: no error response`);
        for (const status of errors) {
          const schema = operation.responses![status].content?.['application/json']?.schema;
          const named = JSON.stringify(schema ?? {}).includes('#/components/schemas/ErrorResponseDto');
          if (!named) problems.push(`${where}: ${status} not in the error shape`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/agreements'].get.operationId).toBe('listAgreements');
    // The console refreshes with its cookie and no body: a generated client must allow that.
    expect(document.paths['/auth/refresh'].post.requestBody).toMatchObject({ required: false });
  });

  it('writes the same document, sorted and stable, for the console without a database (openapi:write)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      const first = await readFile(await writeOpenApi(join(dir, 'a.json')), 'utf8');
      const second = await readFile(await writeOpenApi(join(dir, 'b.json')), 'utf8');
      expect(second).toBe(first);
      const served = (await t.http.get('/docs-json')).body;
      expect(first).toBe(stableJson(served));
      const keys = Object.keys(JSON.parse(first).paths);
      expect(keys).toEqual([...keys].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * Every schema in the document (components, parameters, bodies, responses), walked
 * recursively: the places where one has no real type, i.e. is empty or an object with
 * nothing saying what it holds (what openapi-typescript turns into Record<string, never>).
 */
function untypedSchemas(document: OpenApi): string[] {
  const found: string[] = [];
  const walk = (schema: Schema | undefined, where: string): void => {
    if (!schema || schema.$ref) return;
    const composed = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
    const typed =
      composed.length > 0 ||
      schema.enum !== undefined ||
      (schema.type === 'object' ? !!(schema.properties || schema.additionalProperties) : !!schema.type);
    if (!typed) found.push(where);
    for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${where}.${name}`);
    if (schema.type === 'array') {
      if (!schema.items) found.push(`${where}[]`);
      else walk(schema.items, `${where}[]`);
    }
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}{}`);
    composed.forEach((part, i) => walk(part, `${where}|${i}`));
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) walk(schema, name);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? []) {
        if (!parameter.schema) found.push(`${at} ${parameter.in} ${parameter.name}`);
        walk(parameter.schema, `${at} ${parameter.in} ${parameter.name}`);
      }
      for (const [type, body] of Object.entries(operation.requestBody?.content ?? {})) {
        walk(body.schema, `${at} body ${type}`);
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        for (const [type, body] of Object.entries(response.content ?? {})) {
          if (!body.schema) found.push(`${at} ${status} ${type}`);
          walk(body.schema, `${at} ${status} ${type}`);
        }
      }
    }
  }
  return found;
}
