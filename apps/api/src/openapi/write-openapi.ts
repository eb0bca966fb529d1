import 'reflect-metadata';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module.js';
import { repoRoot } from '../common/repo-root.js';
import { createOpenApiDocument } from './openapi-document.js';

/** Where the console's typed client is generated from (apps/web generates its types from it). */
export const defaultOpenApiPath = () => join(repoRoot(), 'apps/web/src/api/openapi.json');

/**
 * The OpenAPI document without a running API: Nest's preview mode reads every controller
 * and DTO but instantiates no provider, so neither PostgreSQL nor Redis is needed.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as stable text: object keys sorted at every level (array order is meaning), two-space indent. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

export async function writeOpenApi(path = defaultOpenApiPath()): Promise<string> {
  const text = stableJson(await buildOpenApiDocument());
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  writeOpenApi(process.argv[2] ? resolve(process.argv[2]) : undefined).then(
    (path) => console.log(`OpenAPI document written to ${path}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
