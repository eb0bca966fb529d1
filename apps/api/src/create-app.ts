import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { loadAppConfig } from '@mou/config';

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: loadAppConfig().bodyLimitBytes,
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
