import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import type { ConfigType } from '@nestjs/config';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { authConfig, documentsConfig, importsConfig, webConfig } from '@mou/config';
import { isConsoleUrl, registerConsole } from './console/console-static.js';
import { registerHelmetHeaders } from './common/security-headers.js';
import { registerStorableInputCheck } from './common/storable-input.hook.js';
import { createValidationPipe } from './common/validation.js';
import { registerHealthRoute } from './health/health.route.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';

/** Everything main.ts and the tests both apply to the app, so tests run what ships. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(PinoLogger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  registerSecurityHeaders(app);
  registerStorableInputCheck(app);
  // Reads and writes the console's refresh-token cookie (auth/refresh-cookie.ts); unsigned,
  // since the token itself is an unguessable secret checked against its stored digest.
  void app.register(fastifyCookie);
  registerHealthRoute(app);
  registerConsole(app, app.get<ConfigType<typeof webConfig>>(webConfig.KEY).distDir);
  // Uploads (documents, spreadsheet imports) stream through request.file(); each route passes
  // its own limits there, so the plugin's defaults are only the largest of them.
  const { maxBytes } = app.get<ConfigType<typeof documentsConfig>>(documentsConfig.KEY);
  const { maxFileBytes } = app.get<ConfigType<typeof importsConfig>>(importsConfig.KEY);
  void app.register(fastifyMultipart, {
    limits: { fileSize: Math.max(maxBytes, maxFileBytes), files: 1, parts: 25 },
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON only: Fastify's text/plain parser would hand routes a bare string (and
  // let a browser post cross-site without a preflight). Anything but JSON is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onSend', async (request, reply) => {
    // Every response names its request, so a user can quote it and an auditor find it.
    reply.header('x-request-id', request.id);
    // API answers hold records, tokens and errors about them: no browser or proxy keeps one.
    if (!reply.hasHeader('cache-control') && String(reply.getHeader('content-type')).startsWith('application/json')) {
      reply.header('cache-control', 'no-store');
    }
  });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * The API answers JSON only, so its pages may load nothing and be framed by no one. The
 * Swagger UI under /docs loads its own scripts, styles and data: images from this origin.
 */
const apiPolicy = {
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  useDefaults: false,
};
/**
 * The console (a single-page app from this origin): its own scripts only (no inline
 * script, no eval), inline styles (Mantine sets style attributes), images and fonts from
 * this origin or data:/blob: URLs, and calls to this API only.
 */
const consolePolicy = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
  },
  useDefaults: false,
};
const docsPolicy = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: null,
  },
  useDefaults: false,
};

/**
 * helmet's headers on every response (with CSPs loose enough for the docs under /docs
 * and the console under /console only), and CORS for the browser origins in CORS_ORIGINS (none when empty: no CORS
 * headers at all). Registered before any route, so both apply to every route.
 */
function registerSecurityHeaders(app: NestFastifyApplication): void {
  registerHelmetHeaders(
    app,
    {
      // JSON is never rendered by a browser: of helmet's headers it keeps those that still
      // matter for an API (OWASP REST Security), not those for HTML pages and old browsers.
      api: {
        contentSecurityPolicy: apiPolicy,
        originAgentCluster: false,
        xDnsPrefetchControl: false,
        xDownloadOptions: false,
        xPermittedCrossDomainPolicies: false,
        xXssProtection: false,
      },
      docs: { contentSecurityPolicy: docsPolicy },
      console: { contentSecurityPolicy: consolePolicy },
    },
    (url) => {
      if (url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-')) return 'docs';
      return isConsoleUrl(url) ? 'console' : 'api';
    },
  );

  const { corsOrigins } = app.get<ConfigType<typeof authConfig>>(authConfig.KEY);
  if (corsOrigins.length) {
    void app.register(fastifyCors, {
      origin: corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id', 'Content-Disposition'],
      credentials: false,
      maxAge: 600,
    });
  }
}
