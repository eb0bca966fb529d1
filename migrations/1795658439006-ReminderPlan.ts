import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders with PostgreSQL as the source of truth: one row per planned reminder (the
 * plan), one row per reminder, channel and recipient (the once-only guard), webhooks,
 * and in-app notifications. Redis only carries jobs that name these rows.
 */
export class ReminderPlan1795658439006 implements MigrationInterface {
  name = 'ReminderPlan1795658439006';

  public async up(q: QueryRunner): Promise<void> {
    // Per-agreement override of the default offsets: {"expiry":[…],"notice":[…],"milestone":[…],"overdueEveryDays":7}
    await q.query(`ALTER TABLE agreement ADD COLUMN reminder_policy jsonb`);
    await q.query(`
      ALTER TABLE agreement ADD CONSTRAINT ck_agreement_reminder_policy
        CHECK (reminder_policy IS NULL OR jsonb_typeof(reminder_policy) = 'object')`);

    await q.query(`
      CREATE TABLE reminder (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        milestone_id uuid,
        kind text NOT NULL,
        offset_days integer NOT NULL,
        target_on date NOT NULL,
        due_on date NOT NULL,
        fire_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reminder PRIMARY KEY (id),
        CONSTRAINT fk_reminder_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        CONSTRAINT fk_reminder_milestone FOREIGN KEY (milestone_id) REFERENCES milestone (id),
        CONSTRAINT ck_reminder_kind CHECK (kind IN ('expiry','notice-deadline','milestone-due','milestone-overdue')),
        CONSTRAINT ck_reminder_state CHECK (state IN ('pending','sent','failed','cancelled')),
        CONSTRAINT uq_reminder_slot UNIQUE NULLS NOT DISTINCT (agreement_id, milestone_id, kind, target_on, offset_days)
      )`);
    // The scan reads only what is due and not yet handed to the queue.
    await q.query(
      `CREATE INDEX ix_reminder_due ON reminder (fire_at) WHERE state = 'pending' AND dispatched_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_reminder_agreement ON reminder (agreement_id, fire_at)`);
    await q.query(`CREATE INDEX ix_reminder_milestone ON reminder (milestone_id) WHERE milestone_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_reminder_state_fire ON reminder (state, fire_at)`);

    await q.query(`
      CREATE TABLE webhook (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        url text NOT NULL,
        secret text NOT NULL,
        events text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        deleted_at timestamptz,
        deleted_by text,
        CONSTRAINT pk_webhook PRIMARY KEY (id),
        CONSTRAINT ck_webhook_url CHECK (url ~ '^https?://'),
        CONSTRAINT ck_webhook_events CHECK (cardinality(events) >= 1)
      )`);

    await q.query(`
      CREATE TABLE reminder_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reminder_id uuid NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        webhook_id uuid,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        retry_round integer NOT NULL DEFAULT 0,
        last_error text,
        enqueued_at timestamptz,
        claimed_until timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reminder_delivery PRIMARY KEY (id),
        CONSTRAINT fk_reminder_delivery_reminder FOREIGN KEY (reminder_id) REFERENCES reminder (id),
        CONSTRAINT fk_reminder_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook (id),
        CONSTRAINT ck_reminder_delivery_channel CHECK (channel IN ('email','webhook','in-app')),
        CONSTRAINT ck_reminder_delivery_state CHECK (state IN ('pending','sent','failed','cancelled')),
        CONSTRAINT uq_reminder_delivery UNIQUE (reminder_id, channel, recipient)
      )`);
    await q.query(
      `CREATE INDEX ix_reminder_delivery_pending ON reminder_delivery (enqueued_at NULLS FIRST) WHERE state = 'pending'`,
    );
    await q.query(`CREATE INDEX ix_reminder_delivery_channel ON reminder_delivery (channel, state)`);

    await q.query(`
      CREATE TABLE notification (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL,
        reminder_id uuid NOT NULL,
        agreement_id uuid NOT NULL,
        milestone_id uuid,
        kind text NOT NULL,
        subject_en text NOT NULL,
        subject_th text NOT NULL,
        body_en text NOT NULL,
        body_th text NOT NULL,
        target_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT pk_notification PRIMARY KEY (id),
        CONSTRAINT uq_notification_delivery UNIQUE (delivery_id),
        CONSTRAINT fk_notification_delivery FOREIGN KEY (delivery_id) REFERENCES reminder_delivery (id),
        CONSTRAINT fk_notification_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id)
      )`);
    await q.query(`CREATE INDEX ix_notification_created ON notification (created_at, id)`);
    await q.query(`CREATE INDEX ix_notification_agreement ON notification (agreement_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE reminder_delivery`);
    await q.query(`DROP TABLE webhook`);
    await q.query(`DROP TABLE reminder`);
    await q.query(`ALTER TABLE agreement DROP CONSTRAINT ck_agreement_reminder_policy`);
    await q.query(`ALTER TABLE agreement DROP COLUMN reminder_policy`);
  }
}
