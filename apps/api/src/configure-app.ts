import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import type { ConfigType } from '@nestjs/config';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { authConfig, importsConfig } from '@mou/config';
import { NulCharactersPipe } from './common/nul-characters.pipe.js';
import { registerHelmetHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { documentHealthRoute, registerHealthRoute } from './health/health.route.js';

/** Everything main.ts and the tests both apply to the app, so tests run what ships. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(PinoLogger));
  app.useGlobalPipes(new NulCharactersPipe(), createValidationPipe());
  app.enableShutdownHooks();
  registerSecurityHeaders(app);
  registerHealthRoute(app);
  // Spreadsheet uploads (POST /imports): one file, no other parts; its size is checked as it streams in.
  const { maxFileBytes } = app.get<ConfigType<typeof importsConfig>>(importsConfig.KEY);
  void app.register(fastifyMultipart, { limits: { fileSize: maxFileBytes, files: 1, fields: 0, parts: 1 } });
  // Every response names its request, so a user can quote it and an auditor find it.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MOU Tracker')
      .setDescription(
        'International cooperation agreements, their milestones and deadlines. Calendar dates are YYYY-MM-DD; ' +
          'instants are ISO 8601 with zone. Errors share one shape: statusCode, error, message, code, errors[{field, message}], requestId.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'accessToken from POST /auth/login',
      })
      .build(),
  );
  documentHealthRoute(document);
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
 * helmet's headers on every response (with a CSP loose enough for the docs under /docs
 * only), and CORS for the browser origins in CORS_ORIGINS (none when empty: no CORS
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
    },
    (url) => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-'),
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
