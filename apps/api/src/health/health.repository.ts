import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '@mou/database';

/** The one statement /health sends: a round trip that touches no table. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await queryRows<{ '?column?': number }>(this.db, 'SELECT 1');
  }
}
