import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { loadAppConfig } from '@mou/config';

export function createFastifyAdapter(): FastifyAdapter {
  const config = loadAppConfig();
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Behind a reverse proxy the client's address is in X-Forwarded-For; rate limits and
    // the audit trail need it, not the proxy's.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    // The id goes into every log line and audit event: a client's own is kept only when it
    // looks like an id (a UUID, a trace id), else the server makes one.
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => clientRequestId(request.headers['x-request-id']) ?? randomUUID(),
    logger: false,
  });
}

/** Letters, digits and . _ : - only, at most 128 of them, starting with a letter or digit. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The client's X-Request-Id when it is a sane one, else undefined. */
export function clientRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : undefined;
}

export async function createApp(module: unknown): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
}
