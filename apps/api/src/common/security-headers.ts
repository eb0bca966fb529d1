import type { ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

type HeaderSet = Record<string, string>;

/**
 * The headers helmet sets for `options`, worked out once. helmet's middleware recomputes
 * them on every call, and @fastify/helmet builds a new middleware per request: for a
 * probe polled thousands of times a second that was the largest cost after the socket.
 */
export function helmetHeaders(options: HelmetOptions): HeaderSet {
  const headers: HeaderSet = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  helmet(options)({} as never, recorder, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * helmet's headers on every response: `api` everywhere, `docs` (a looser CSP) on the routes
 * `isDocs` names. Marked when a route is added, so this must run before any route exists.
 */
export function registerHelmetHeaders(
  app: NestFastifyApplication,
  policies: { api: HelmetOptions; docs: HelmetOptions },
  isDocs: (url: string) => boolean,
): void {
  const api = helmetHeaders(policies.api);
  const docs = helmetHeaders(policies.docs);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (isDocs(route.url)) route.config = { ...route.config, docsHeaders: true } as typeof route.config;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const config = request.routeOptions.config as { docsHeaders?: boolean } | undefined;
    reply.headers(config?.docsHeaders ? docs : api);
    done();
  });
}
