import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register export reads each agreement's parties and cooperation areas as text. Worked
 * out per row at export time (a set-returning function over the parties' JSON, an index
 * probe into agreement_area) they were over half the cost of a million-row CSV. Both now
 * live on the row: parties_text is generated from parties; area_codes is kept equal to the
 * agreement's agreement_area rows, sorted, by statement triggers, so no writer can forget it.
 * agreement_area stays the source of truth (foreign keys, the area filter's index).
 */
export class AgreementRegisterText1795671000000 implements MigrationInterface {
  name = 'AgreementRegisterText1795671000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION mou_parties_text(parties jsonb)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT string_agg(concat_ws(' ', p ->> 'country', p ->> 'organization'), '; ')
          FROM jsonb_array_elements(parties) AS p
      $$`);
    await q.query(`
      ALTER TABLE agreement
        ADD COLUMN parties_text text GENERATED ALWAYS AS (mou_parties_text(parties)) STORED,
        ADD COLUMN area_codes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE agreement a SET area_codes = s.codes
        FROM (SELECT agreement_id, array_agg(area_code ORDER BY area_code) AS codes
                FROM agreement_area GROUP BY agreement_id) s
       WHERE s.agreement_id = a.id`);

    // One UPDATE per statement on agreement_area, however many rows it touched.
    await q.query(`
      CREATE FUNCTION mou_sync_area_codes() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          ids := ARRAY(SELECT agreement_id FROM changed_areas UNION SELECT agreement_id FROM replaced_areas);
        ELSE
          ids := ARRAY(SELECT DISTINCT agreement_id FROM changed_areas);
        END IF;
        -- Rows already right are not written again (a bulk load may set them up front).
        UPDATE agreement a SET area_codes = s.codes
          FROM (SELECT x.id, ARRAY(SELECT aa.area_code FROM agreement_area aa
                                    WHERE aa.agreement_id = x.id ORDER BY aa.area_code) AS codes
                  FROM unnest(ids) AS x(id)) s
         WHERE a.id = s.id AND a.area_codes IS DISTINCT FROM s.codes;
        RETURN NULL;
      END $$`);
    for (const [event, tables] of [
      ['insert', 'NEW TABLE AS changed_areas'],
      ['update', 'OLD TABLE AS replaced_areas NEW TABLE AS changed_areas'],
      ['delete', 'OLD TABLE AS changed_areas'],
    ]) {
      await q.query(`
        CREATE TRIGGER tg_agreement_area_${event} AFTER ${event.toUpperCase()} ON agreement_area
          REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION mou_sync_area_codes()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER tg_agreement_area_${event} ON agreement_area`);
    }
    await q.query(`DROP FUNCTION mou_sync_area_codes()`);
    await q.query(`ALTER TABLE agreement DROP COLUMN parties_text, DROP COLUMN area_codes`);
    await q.query(`DROP FUNCTION mou_parties_text(jsonb)`);
  }
}
