import { Module } from '@nestjs/common';
import { HealthChecker } from './health.checker.js';
import { HealthRepository } from './health.repository.js';

/** GET /health itself is a Fastify route (health.route.ts), registered by configureApp. */
@Module({ providers: [HealthChecker, HealthRepository], exports: [HealthChecker] })
export class HealthModule {}
