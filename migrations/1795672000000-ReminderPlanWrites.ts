import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first planning pass writes millions of reminder rows at once, and each index on
 * `reminder` is a write. Two of them cost most when the keys are random:
 *  - the primary key: ids now start with the time in milliseconds (UUID version 7 layout,
 *    RFC 9562), so new rows land on the index's last page instead of anywhere in it;
 *  - ix_reminder_agreement (agreement_id, fire_at) is dropped: uq_reminder_slot leads with
 *    agreement_id and serves the same look-ups; one agreement's reminders are few to sort.
 */
export class ReminderPlanWrites1795672000000 implements MigrationInterface {
  name = 'ReminderPlanWrites1795672000000';

  public async up(q: QueryRunner): Promise<void> {
    // 48 bits of Unix time in ms, then gen_random_uuid()'s random bits; version nibble 7.
    await q.query(`
      CREATE FUNCTION mou_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
          set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                  PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                  FROM 1 FOR 6), 52, 1), 53, 1),
          'hex')::uuid
      $$`);
    await q.query(`ALTER TABLE reminder ALTER COLUMN id SET DEFAULT mou_uuid_v7()`);
    await q.query(`DROP INDEX ix_reminder_agreement`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_reminder_agreement ON reminder (agreement_id, fire_at)`);
    await q.query(`ALTER TABLE reminder ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION mou_uuid_v7()`);
  }
}
