import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS, withTimeout } from '@mou/common';
import { HealthRepository } from './health.repository.js';

type Dependency = 'postgres' | 'redis';
type Status = { status: 'up' } | { status: 'down'; message: string };

export interface HealthReport {
  status: 'ok' | 'error';
  /** Dependencies that answered. */
  info: Partial<Record<Dependency, Status>>;
  /** Dependencies that did not, each with why. */
  error: Partial<Record<Dependency, { status: 'down'; message: string }>>;
  details: Record<Dependency, Status>;
}

/** An answer is shared by every caller for this long (and while it is being worked out). */
export const HEALTH_MAX_AGE_MS = 1000;
const TIMEOUT_MS = 2000;

/**
 * Asks PostgreSQL (`SELECT 1`) and Redis (PING), each within 2 s. Probes and load
 * balancers poll often and /health is public: a round trip to both per caller would let
 * anyone multiply load on them, so callers within a second share one answer.
 */
@Injectable()
export class HealthChecker {
  private latest?: { at: number; report: Promise<HealthReport> };

  constructor(
    private readonly database: HealthRepository,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  check(): Promise<HealthReport> {
    const now = performance.now();
    if (!this.latest || now - this.latest.at >= HEALTH_MAX_AGE_MS) this.latest = { at: now, report: this.run() };
    return this.latest.report;
  }

  private async run(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([probe(() => this.database.ping()), probe(() => this.redis.ping())]);
    const details = { postgres, redis };
    const report: HealthReport = { status: 'ok', info: {}, error: {}, details };
    for (const [name, status] of Object.entries(details) as Array<[Dependency, Status]>) {
      if (status.status === 'up') report.info[name] = status;
      else {
        report.error[name] = status;
        report.status = 'error';
      }
    }
    return report;
  }
}

async function probe(call: () => Promise<unknown>): Promise<Status> {
  try {
    await withTimeout(call(), TIMEOUT_MS, () => new Error('timed out'));
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}
