import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, ClockModule, RedisModule } from '@mou/common';
import { loadAppConfig } from '@mou/config';
import { DatabaseModule } from '@mou/database';
import { AgreementsModule } from './agreements/agreements.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CooperationAreasModule } from './cooperation-areas/cooperation-areas.module.js';
import { CountriesModule } from './countries/countries.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { MilestonesModule } from './milestones/milestones.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { HealthModule } from './health/health.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      useFactory: () => ({
        pinoHttp: {
          level: loadAppConfig().logLevel,
          // Fastify assigns the id (from X-Request-Id or generated); log lines carry it.
          genReqId: (request) => request.id,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
        },
      }),
    }),
    ClockModule,
    DatabaseModule,
    RedisModule,
    AuthModule,
    HealthModule,
    AgreementsModule,
    MilestonesModule,
    DeadlinesModule,
    CooperationAreasModule,
    CountriesModule,
    RemindersModule,
    WebhooksModule,
    NotificationsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
