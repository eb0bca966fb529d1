import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, ClockModule, RedisModule } from '@mou/common';
import { loadAppConfig } from '@mou/config';
import { DatabaseModule } from '@mou/database';
import { AgreementsModule } from './agreements/agreements.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { redactedLogPaths, redactFeedToken } from './auth/log-redaction.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CooperationAreasModule } from './cooperation-areas/cooperation-areas.module.js';
import { CountriesModule } from './countries/countries.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { MilestonesModule } from './milestones/milestones.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { UsersModule } from './users/users.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      useFactory: () => ({
        pinoHttp: {
          level: loadAppConfig().logLevel,
          // Fastify assigns the id (from X-Request-Id or generated); log lines carry it.
          genReqId: (request) => request.id,
          redact: redactedLogPaths,
          // A calendar feed's token is its credential, and it travels in the path.
          serializers: { req: (req: { url?: string }) => ({ ...req, url: redactFeedToken(req.url) }) },
        },
        // Probes poll /health many times a minute; a log line each would drown the rest.
        exclude: [{ method: RequestMethod.GET, path: 'health' }],
      }),
    }),
    ClockModule,
    DatabaseModule,
    RedisModule,
    AuthModule,
    AuditModule,
    HealthModule,
    AgreementsModule,
    MilestonesModule,
    DocumentsModule,
    DeadlinesModule,
    DashboardModule,
    CalendarModule,
    CooperationAreasModule,
    CountriesModule,
    RemindersModule,
    ReportsModule,
    WebhooksModule,
    NotificationsModule,
    UsersModule,
    ImportsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
