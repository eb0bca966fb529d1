import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, type Actor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { RemindersQuery } from './reminders.query.js';
import type { ReminderResponse } from './dto/reminder.response.js';

@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly query: RemindersQuery,
    private readonly audit: AuditService,
  ) {}

  /**
   * Gives a failed reminder another go: its failed deliveries become pending and the next
   * scan hands them to the queue, an in-app one too (dispatch writes in-app notifications
   * itself, but one it could not render failed there; the deliverer writes it on retry).
   * Deliveries that succeeded are not repeated. The reminder row is locked first, as
   * everything that changes its deliveries does.
   */
  async retry(id: string, actor: Actor): Promise<ReminderResponse> {
    await this.db.transaction(async (tx) => {
      const rows: Array<{ state: string; agreement_id: string; milestone_id: string | null; kind: string }> =
        await tx.query('SELECT state, agreement_id, milestone_id, kind FROM reminder WHERE id = $1 FOR UPDATE', [id]);
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
      const requeued: Array<{ id: string }> = await tx.query(
        `WITH d AS (
           UPDATE reminder_delivery
              SET state = 'pending', enqueued_at = NULL, retry_round = retry_round + 1, updated_at = now()
            WHERE reminder_id = $1 AND state = 'failed'
           RETURNING id)
         SELECT id FROM d ORDER BY id`,
        [id],
      );
      await tx.query(`UPDATE reminder SET state = 'pending', updated_at = now() WHERE id = $1`, [id]);
      const [reminder] = rows;
      await this.audit.record(tx, actor, {
        action: 'reminder.retry',
        entityType: 'reminder',
        entityId: id,
        before: { state: 'failed' },
        after: { state: 'pending' },
        metadata: {
          agreementId: reminder.agreement_id,
          milestoneId: reminder.milestone_id,
          kind: reminder.kind,
          deliveriesRequeued: requeued.map((d) => d.id),
        },
      });
    });
    return this.query.findOne(id);
  }
}
