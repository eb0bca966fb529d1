import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, ClockModule, RedisModule } from '@mou/common';
import { loadAppConfig } from '@mou/config';
import { DatabaseModule } from '@mou/database';
import { DocumentsWorkerModule } from './documents/documents-worker.module.js';
import { RemindersWorkerModule } from './reminders/reminders-worker.module.js';

/**
 * The background process: no HTTP server. The reminder and document-extraction processors
 * load here and only here.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ useFactory: () => ({ pinoHttp: { level: loadAppConfig().logLevel } }) }),
    ClockModule,
    DatabaseModule,
    RedisModule,
    RemindersWorkerModule,
    DocumentsWorkerModule,
  ],
})
export class WorkerModule {}
