import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The agreement registry: cooperation areas, agreements (parties kept as JSONB, areas as
 * a join table so the taxonomy is enforced by foreign keys), milestones, and the counter
 * behind generated references. Expiry and notice deadline are generated columns so every
 * reader, including set-based SQL, sees the same date rule.
 */
export class InitialSchema1795657974201 implements MigrationInterface {
  name = 'InitialSchema1795657974201';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // Last day in force: the day before the term's anniversary of entry into force. When
    // the anniversary does not exist (29 February in a common year) PostgreSQL clamps to
    // the 28th; the anniversary is then 1 March and the 28th is the last day itself.
    await q.query(`
      CREATE FUNCTION mou_last_day_in_force(effective_on date, term_months integer)
      RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN effective_on IS NULL OR term_months IS NULL THEN NULL
          WHEN extract(day FROM (effective_on + make_interval(months => term_months))::date)
               < extract(day FROM effective_on)
            THEN (effective_on + make_interval(months => term_months))::date
          ELSE (effective_on + make_interval(months => term_months))::date - 1
        END
      $$`);
    await q.query(`
      CREATE FUNCTION mou_agreement_search_text(reference text, title_en text, title_th text, parties jsonb)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(' ', reference, title_en, title_th,
          (SELECT string_agg(concat_ws(' ', p->>'organization', p->>'country'), ' ')
             FROM jsonb_array_elements(parties) AS p)))
      $$`);

    await q.query(`
      CREATE TABLE cooperation_area (
        code text NOT NULL,
        label_en text NOT NULL,
        label_th text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_cooperation_area PRIMARY KEY (code),
        CONSTRAINT ck_cooperation_area_code CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$')
      )`);
    await q.query(`
      INSERT INTO cooperation_area (code, label_en, label_th) VALUES
        ('cybersecurity', 'Cybersecurity', 'ความมั่นคงปลอดภัยไซเบอร์'),
        ('disaster-ict', 'ICT and data for weather observation and disaster risk reduction', 'เทคโนโลยีสารสนเทศและการสื่อสารเพื่อการตรวจอากาศและการลดความเสี่ยงจากภัยพิบัติ'),
        ('knowledge-sharing', 'Knowledge sharing on technology innovation, ICT and digital services', 'การแลกเปลี่ยนองค์ความรู้ด้านนวัตกรรมเทคโนโลยีและบริการดิจิทัล'),
        ('workforce', 'Human resource development in ICT and digital', 'การพัฒนาบุคลากรด้านเทคโนโลยีสารสนเทศและดิจิทัล'),
        ('postal', 'Postal cooperation', 'ความร่วมมือด้านไปรษณีย์'),
        ('other', 'Other areas agreed by the parties', 'ด้านอื่น ๆ ที่ทั้งสองฝ่ายเห็นพ้องร่วมกัน')`);

    await q.query(`
      CREATE TABLE reference_counter (
        prefix text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        CONSTRAINT pk_reference_counter PRIMARY KEY (prefix, year)
      )`);

    await q.query(`
      CREATE TABLE agreement (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        title_en text,
        title_th text,
        kind text NOT NULL,
        binding boolean NOT NULL DEFAULT false,
        parties jsonb NOT NULL,
        lead_agency text NOT NULL,
        summary text,
        cabinet_approved_on date,
        cabinet_resolution_ref text,
        signed_on date,
        signed_place text,
        effective_on date,
        term_months integer NOT NULL,
        renewal text NOT NULL DEFAULT 'none',
        notice_days integer NOT NULL,
        contacts text[] NOT NULL DEFAULT '{}',
        source_urls text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        expires_on date GENERATED ALWAYS AS (mou_last_day_in_force(effective_on, term_months)) STORED,
        notice_deadline date GENERATED ALWAYS AS (mou_last_day_in_force(effective_on, term_months) - notice_days) STORED,
        search_text text GENERATED ALWAYS AS (mou_agreement_search_text(reference, title_en, title_th, parties)) STORED,
        archived_at timestamptz,
        archived_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CONSTRAINT pk_agreement PRIMARY KEY (id),
        CONSTRAINT uq_agreement_reference UNIQUE (reference),
        CONSTRAINT ck_agreement_title CHECK (coalesce(title_en, title_th) IS NOT NULL),
        CONSTRAINT ck_agreement_kind CHECK (kind IN ('mou','moc','agreement','letter-of-intent','exchange-of-notes','protocol','amendment','other')),
        CONSTRAINT ck_agreement_status CHECK (status IN ('draft','negotiating','awaiting-approval','approved','signed','in-force','expired','terminated','superseded')),
        CONSTRAINT ck_agreement_renewal CHECK (renewal IN ('none','automatic','by-consent')),
        CONSTRAINT ck_agreement_parties CHECK (jsonb_typeof(parties) = 'array' AND jsonb_array_length(parties) >= 2),
        CONSTRAINT ck_agreement_term CHECK (term_months BETWEEN 1 AND 1200),
        CONSTRAINT ck_agreement_notice CHECK (notice_days BETWEEN 0 AND 3650),
        CONSTRAINT ck_agreement_effective_after_signature CHECK (effective_on IS NULL OR signed_on IS NULL OR effective_on >= signed_on),
        CONSTRAINT ck_agreement_version CHECK (version >= 1)
      )`);
    // One index per filter and per sort key; keyset pages seek on (key, id).
    await q.query(`CREATE INDEX ix_agreement_created ON agreement (created_at, id)`);
    await q.query(`CREATE INDEX ix_agreement_reference_id ON agreement (reference, id)`);
    await q.query(`CREATE INDEX ix_agreement_expires_sort ON agreement ((coalesce(expires_on, 'infinity'::date)), id)`);
    await q.query(`CREATE INDEX ix_agreement_signed_sort ON agreement ((coalesce(signed_on, 'infinity'::date)), id)`);
    await q.query(`CREATE INDEX ix_agreement_expires_on ON agreement (expires_on)`);
    await q.query(`CREATE INDEX ix_agreement_signed_on ON agreement (signed_on)`);
    await q.query(
      `CREATE INDEX ix_agreement_notice_deadline ON agreement (notice_deadline) WHERE archived_at IS NULL AND status = 'in-force'`,
    );
    await q.query(`CREATE INDEX ix_agreement_status_expires ON agreement (status, expires_on)`);
    await q.query(`CREATE INDEX ix_agreement_kind ON agreement (kind)`);
    await q.query(`CREATE INDEX ix_agreement_lead_agency ON agreement (lead_agency)`);
    await q.query(`CREATE INDEX ix_agreement_parties ON agreement USING gin (parties jsonb_path_ops)`);
    await q.query(`CREATE INDEX ix_agreement_search ON agreement USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE agreement_area (
        agreement_id uuid NOT NULL,
        area_code text NOT NULL,
        CONSTRAINT pk_agreement_area PRIMARY KEY (agreement_id, area_code),
        CONSTRAINT fk_agreement_area_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        CONSTRAINT fk_agreement_area_area FOREIGN KEY (area_code) REFERENCES cooperation_area (code)
      )`);
    await q.query(`CREATE INDEX ix_agreement_area_area ON agreement_area (area_code, agreement_id)`);

    await q.query(`
      CREATE TABLE milestone (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL,
        title text NOT NULL,
        description text,
        area_code text,
        owner_agency text,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'planned',
        target_value numeric,
        actual_value numeric,
        unit text,
        completed_on date,
        version integer NOT NULL DEFAULT 1,
        archived_at timestamptz,
        archived_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CONSTRAINT pk_milestone PRIMARY KEY (id),
        CONSTRAINT fk_milestone_agreement FOREIGN KEY (agreement_id) REFERENCES agreement (id),
        CONSTRAINT fk_milestone_area FOREIGN KEY (area_code) REFERENCES cooperation_area (code),
        CONSTRAINT ck_milestone_status CHECK (status IN ('planned','in-progress','done','cancelled')),
        CONSTRAINT ck_milestone_completed CHECK ((status = 'done') = (completed_on IS NOT NULL)),
        CONSTRAINT ck_milestone_version CHECK (version >= 1)
      )`);
    await q.query(`CREATE INDEX ix_milestone_agreement_due ON milestone (agreement_id, due_on, id)`);
    await q.query(`CREATE INDEX ix_milestone_due ON milestone (due_on, id)`);
    await q.query(`CREATE INDEX ix_milestone_owner_due ON milestone (owner_agency, due_on)`);
    await q.query(`CREATE INDEX ix_milestone_status_due ON milestone (status, due_on)`);
    await q.query(
      `CREATE INDEX ix_milestone_open_due ON milestone (due_on) WHERE status IN ('planned','in-progress') AND archived_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE milestone`);
    await q.query(`DROP TABLE agreement_area`);
    await q.query(`DROP TABLE agreement`);
    await q.query(`DROP TABLE reference_counter`);
    await q.query(`DROP TABLE cooperation_area`);
    await q.query(`DROP FUNCTION mou_agreement_search_text(text, text, text, jsonb)`);
    await q.query(`DROP FUNCTION mou_last_day_in_force(date, integer)`);
  }
}
