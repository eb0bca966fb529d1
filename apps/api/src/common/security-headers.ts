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
 * helmet's headers on every response: `api` everywhere but on the routes `policyOf` gives
 * another of `policies` (the docs' and the console's looser CSPs). Marked when a route is
 * added, so this must run before any route exists. A request matching no route (a 404)
 * gets `api`'s.
 */
export function registerHelmetHeaders<Name extends string>(
  app: NestFastifyApplication,
  policies: Record<Name | 'api', HelmetOptions>,
  policyOf: (url: string) => Name | 'api',
): void {
  const headers = Object.fromEntries(
    Object.entries<HelmetOptions>(policies).map(([name, options]) => [name, helmetHeaders(options)]),
  ) as Record<string, HeaderSet>;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    const policy = policyOf(route.url);
    if (policy !== 'api') route.config = { ...route.config, securityHeaders: policy } as typeof route.config;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const config = request.routeOptions.config as { securityHeaders?: string } | undefined;
    reply.headers(headers[config?.securityHeaders ?? 'api']);
    done();
  });
}
