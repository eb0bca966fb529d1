import { Global, Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { appConfig } from '@mou/config';
import { Clock, SystemClock } from '@mou/domain';

/** Provides the office clock; tests override `Clock` with a FixedClock. */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => new SystemClock(config.officeTimezone),
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
