import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder plan is derived data: every reminder row is written by the planning
 * statement from the agreement (and milestone) it selects in the same statement, and
 * agreements and milestones are archived, never deleted. Yet each reminder row paid two
 * foreign-key checks (an index probe and a row lock on the parent): on 100,000 agreements
 * and 1,000,000 milestones, 32 of the 65 s a first pass takes to write its 2.8M rows.
 *
 * So reminder's foreign keys to agreement and milestone give way to a guard on the parent
 * side, which costs nothing per reminder: agreement and milestone refuse DELETE and
 * TRUNCATE outright, for every role (the application role was already refused them by
 * privilege). A reminder can then never lose its agreement or milestone. The columns stay,
 * with their indexes; reminder_delivery and notification keep their foreign keys.
 */
export class ReminderPlanWithoutRowChecks1795673000000 implements MigrationInterface {
  name = 'ReminderPlanWithoutRowChecks1795673000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION mou_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% rows are archived, never deleted', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation', HINT = 'set archived_at instead';
        END
      $$`);
    for (const table of ['agreement', 'milestone']) {
      await q.query(`CREATE TRIGGER tg_${table}_no_delete BEFORE DELETE ON ${table}
                       FOR EACH STATEMENT EXECUTE FUNCTION mou_refuse_delete()`);
      await q.query(`CREATE TRIGGER tg_${table}_no_truncate BEFORE TRUNCATE ON ${table}
                       FOR EACH STATEMENT EXECUTE FUNCTION mou_refuse_delete()`);
    }
    await q.query(`ALTER TABLE reminder DROP CONSTRAINT fk_reminder_agreement, DROP CONSTRAINT fk_reminder_milestone`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reminder
        ADD CONSTRAINT fk_reminder_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        ADD CONSTRAINT fk_reminder_milestone FOREIGN KEY (milestone_id) REFERENCES milestone (id)`);
    for (const table of ['agreement', 'milestone']) {
      await q.query(`DROP TRIGGER tg_${table}_no_truncate ON ${table}`);
      await q.query(`DROP TRIGGER tg_${table}_no_delete ON ${table}`);
    }
    await q.query(`DROP FUNCTION mou_refuse_delete()`);
  }
}
