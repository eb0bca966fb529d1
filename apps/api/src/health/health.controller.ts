import { Public } from '../auth/access.decorators.js';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { REDIS, withTimeout } from '@mou/common';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  private inFlight?: ReturnType<HealthCheckService['check']>;

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachable: 200, else 503 naming which' })
  check() {
    // Requests that arrive while a check runs share its answer: probes and load balancers
    // poll often, and each needs a fresh answer, not one round trip per caller.
    this.inFlight ??= this.runChecks().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private runChecks() {
    return this.health.check([
      async () => {
        const postgres = this.indicators.check('postgres');
        try {
          await withTimeout(this.db.query('SELECT 1'), 2000, () => new Error('timed out'));
          return postgres.up();
        } catch (error) {
          return postgres.down({ message: (error as Error).message });
        }
      },
      async () => {
        const redis = this.indicators.check('redis');
        try {
          await withTimeout(this.redis.ping(), 2000, () => new Error('timed out'));
          return redis.up();
        } catch (error) {
          return redis.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
