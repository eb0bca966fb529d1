import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnStartupFailure, preflight } from '@mou/common';
import { validateAllConfig } from '@mou/config';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  validateAllConfig();
  await preflight();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  console.log('MOU Tracker worker ready');
}

bootstrap().catch(exitOnStartupFailure('worker'));
