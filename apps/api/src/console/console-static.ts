import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { repoRoot } from '../common/repo-root.js';

/** Where the browser console is served; everything under it is the console's, not the API's. */
export const CONSOLE_PREFIX = '/console';

/** True for the routes the console owns (it gets its own Content-Security-Policy). */
export const isConsoleUrl = (url: string) =>
  url === '/' || url === CONSOLE_PREFIX || url.startsWith(`${CONSOLE_PREFIX}/`);

/** vite names every file under assets/ by its content's hash: a changed file has a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** WEB_DIST_DIR as given: absolute, or relative to the repository root (not the working directory). */
export function resolveDistDir(distDir: string): string {
  return isAbsolute(distDir) ? distDir : resolve(repoRoot(), distDir);
}

/**
 * Serves the console's build (vite's dist) from the API process, same origin, under
 * /console/: hashed assets cached for a year, index.html revalidated every time, and
 * index.html for every other GET under /console/ that names no file, so deep links and
 * reloads open the app at that page. GET / leads a browser there. Registered straight on
 * Fastify with @fastify/static (Nest's ServeStaticModule cannot exclude routes on Fastify).
 * Without a build, /console/ says so with a 503 and the API runs on. Its files go out
 * brotli- or gzip-compressed (as the browser accepts), registered inside this scope only so
 * the API's own responses (large streamed exports included) are left as they were.
 */
export function registerConsole(app: NestFastifyApplication, distDir: string): void {
  const root = resolveDistDir(distDir);
  const built = existsSync(join(root, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();

  fastify.get('/', (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302));
  fastify.get(CONSOLE_PREFIX, (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302));

  void fastify.register(
    async (instance: FastifyInstance) => {
      if (!built) {
        new Logger('Console').warn(
          `No console build in ${root} (WEB_DIST_DIR): /console/ answers 503 until there is one`,
        );
        const notBuilt = (_request: FastifyRequest, reply: FastifyReply) => sendNotBuilt(reply);
        // '/console/' only: '/console' itself redirects here (above).
        instance.get('/', { prefixTrailingSlash: 'slash' }, notBuilt);
        instance.get('/*', notBuilt);
        return;
      }
      await instance.register(fastifyCompress, { encodings: ['br', 'gzip'] });
      await instance.register(fastifyStatic, {
        root,
        prefix: '/',
        cacheControl: false,
        dotfiles: 'ignore',
        setHeaders: (reply: FastifyReply, path: string) => {
          const inAssets = relative(root, path).split(sep)[0] === 'assets';
          void reply.header('cache-control', inAssets && basename(path) !== 'index.html' ? IMMUTABLE : 'no-cache');
        },
      });
      // A GET naming no file is a page of the app (a deep link or a reload): the app
      // itself answers, at that URL. A missing asset stays a 404, not HTML under a .js name.
      instance.setNotFoundHandler((request, reply) => {
        const path = request.url.slice(CONSOLE_PREFIX.length).split('?')[0];
        if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/assets/')) {
          return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
        }
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      });
    },
    { prefix: CONSOLE_PREFIX },
  );
}

function sendNotBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MOU Tracker</title></head>' +
        '<body><h1>The console is not built</h1>' +
        '<p>No build of the web console was found (WEB_DIST_DIR). Run <code>npm run build</code> and start the API ' +
        'again. ' +
        'The API itself is running: its documentation is at <a href="/docs">/docs</a>.</p></body></html>',
    );
}
