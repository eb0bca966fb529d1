import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, ClockModule, RedisModule } from '@mou/common';
import { loadAppConfig } from '@mou/config';
import { DatabaseModule } from '@mou/database';

/**
 * The background process: no HTTP server. It holds the connections queue processors
 * will use; the reminder processors load here and only here.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ useFactory: () => ({ pinoHttp: { level: loadAppConfig().logLevel } }) }),
    ClockModule,
    DatabaseModule,
    RedisModule,
  ],
})
export class WorkerModule {}
