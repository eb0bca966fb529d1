import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface Route {
  method: string;
  /** As Fastify registers it: /agreements/:id */
  path: string;
}

/** Served by Swagger itself, or the browser console's files: not part of the API the document describes. */
const notApi = (path: string) =>
  path === '/docs' ||
  path.startsWith('/docs/') ||
  path.startsWith('/docs-') ||
  path === '/' ||
  path.startsWith('/console');

/**
 * Every route the HTTP server actually serves, Nest controllers or not, read from
 * Fastify's route tree: each line is a path segment indented under its parent.
 */
export function serverRoutes(app: NestFastifyApplication): Route[] {
  const tree: string = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
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
