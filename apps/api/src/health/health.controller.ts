import { Public } from '../auth/access.decorators.js';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { REDIS, withTimeout } from '@mou/common';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachable: 200, else 503 naming which' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
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
