import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
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
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logger: false,
  });
}

export async function createApp(module: unknown): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
}
