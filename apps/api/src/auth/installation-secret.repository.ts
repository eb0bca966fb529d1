import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type InstallationSecretRow, queryRow, queryRows } from '@mou/database';

/** Every statement on installation_secret: values made once per installation and kept. */
@Injectable()
export class InstallationSecretRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Keeps `value` under `name` unless one is kept already; true when this call inserted it. */
  async insertIfAbsent(name: string, value: string): Promise<boolean> {
    const created = await queryRows<Pick<InstallationSecretRow, 'name'>>(
      this.db,
      `INSERT INTO installation_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`,
      [name, value],
    );
    return created.length > 0;
  }

  async valueOf(name: string): Promise<string | null> {
    const row = await queryRow<Pick<InstallationSecretRow, 'value'>>(
      this.db,
      'SELECT value FROM installation_secret WHERE name = $1',
      [name],
    );
    return row?.value ?? null;
  }
}
