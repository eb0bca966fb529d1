import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@mou/domain';
import { RemindersQuery } from './reminders.query.js';
import type { ReminderResponse } from './dto/reminder.response.js';

@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly query: RemindersQuery,
  ) {}

  /**
   * Gives a failed reminder another go: its failed deliveries become pending and the next
   * scan hands them to the queue. Deliveries that succeeded are not repeated.
   */
  async retry(id: string): Promise<ReminderResponse> {
    await this.db.transaction(async (tx) => {
      const rows: Array<{ state: string }> = await tx.query('SELECT state FROM reminder WHERE id = $1 FOR UPDATE', [
        id,
      ]);
      if (!rows.length) throw DomainError.notFound('Reminder', id);
      if (rows[0].state !== 'failed') {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `Only a failed reminder can be retried; this one is ${rows[0].state}`,
          {
            allowed: [],
          },
        );
      }
      await tx.query(
        `UPDATE reminder_delivery
            SET state = 'pending', enqueued_at = NULL, retry_round = retry_round + 1, updated_at = now()
          WHERE reminder_id = $1 AND state = 'failed'`,
        [id],
      );
      await tx.query(`UPDATE reminder SET state = 'pending', updated_at = now() WHERE id = $1`, [id]);
    });
    return this.query.findOne(id);
  }
}
