import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getSchemaPath, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { ErrorResponseDto, errorBody } from '../common/error-response.js';
import { HEALTH_MAX_AGE_MS, HealthChecker, type HealthReport } from './health.checker.js';

/**
 * GET /health as a plain Fastify route: no guard, body, validation or controller to pass
 * through, since probes call it far more often than anything else. Helmet headers and the
 * request id still apply (they are Fastify hooks). 200 with the report when PostgreSQL and
 * Redis answer; else 503 in the API's error shape, naming which did not, with the report.
 */
export function registerHealthRoute(app: NestFastifyApplication): void {
  const checker = app.get(HealthChecker);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/health', async (request, reply) => {
      const report = await checker.check();
      void reply.header('cache-control', 'no-cache, no-store, must-revalidate');
      if (report.status === 'ok') return report;
      const down = Object.entries(report.error).map(([name, status]) => `${name}: ${status.message}`);
      return reply
        .code(503)
        .send({ ...errorBody(503, `Unavailable: ${down.join('; ')}`, String(request.id)), ...report });
    });
}

/** The route in the OpenAPI document, which only sees Nest controllers. */
export function documentHealthRoute(document: OpenAPIObject): void {
  const up = { status: 'up' } as const;
  const example: HealthReport = {
    status: 'ok',
    info: { postgres: up, redis: up },
    error: {},
    details: { postgres: up, redis: up },
  };
  const status: SchemaObject = {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      message: { type: 'string', description: 'Why it is down' },
    },
    required: ['status'],
  };
  const byDependency: SchemaObject = { type: 'object', properties: { postgres: status, redis: status } };
  const report: Record<string, SchemaObject> = {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: { ...byDependency, description: 'Dependencies that answered' },
    error: { ...byDependency, description: 'Dependencies that did not, each with why' },
    details: byDependency,
  };
  document.paths['/health'] = {
    get: {
      tags: ['health'],
      summary: `PostgreSQL and Redis reachable: 200, else 503 naming which (an answer is at most ${HEALTH_MAX_AGE_MS} ms old)`,
      operationId: 'getHealth',
      responses: {
        '200': {
          description: 'Both answer',
          content: {
            'application/json': {
              example,
              schema: { type: 'object', properties: report, required: ['status', 'info', 'error', 'details'] },
            },
          },
        },
        '503': {
          description: 'PostgreSQL or Redis does not answer; `error` names which and why',
          content: {
            'application/json': {
              schema: { allOf: [{ $ref: getSchemaPath(ErrorResponseDto) }, { type: 'object', properties: report }] },
            },
          },
        },
      },
    },
  };
}
