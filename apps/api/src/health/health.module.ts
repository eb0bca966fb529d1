import { Module } from '@nestjs/common';
import { HealthChecker } from './health.checker.js';

/** GET /health itself is a Fastify route (health.route.ts), registered by configureApp. */
@Module({ providers: [HealthChecker], exports: [HealthChecker] })
export class HealthModule {}
