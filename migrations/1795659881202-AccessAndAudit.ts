import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions and the audit trail, and the database role the application runs
 * as. Migrations run as the owner; the API and worker log in as `mou_app`, which
 * may not UPDATE, DELETE or TRUNCATE the audit trail, nor delete any record that must
 * only ever be archived. A trigger refuses the same even to the owner.
 */
export class AccessAndAudit1795659881202 implements MigrationInterface {
  name = 'AccessAndAudit1795659881202';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL,
        agency text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        session_version integer NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CONSTRAINT pk_app_user PRIMARY KEY (id),
        CONSTRAINT uq_app_user_email UNIQUE (email),
        CONSTRAINT ck_app_user_email_lower CHECK (email = lower(email)),
        CONSTRAINT ck_app_user_role CHECK (role IN ('admin','officer','manager','auditor'))
      )`);
    await q.query(`CREATE INDEX ix_app_user_role ON app_user (role, email)`);

    await q.query(`
      CREATE TABLE refresh_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token_hash text NOT NULL,
        session_version integer NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        client_ip text,
        user_agent text,
        CONSTRAINT pk_refresh_token PRIMARY KEY (id),
        CONSTRAINT uq_refresh_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_refresh_token_user FOREIGN KEY (user_id) REFERENCES app_user (id)
      )`);
    await q.query(`CREATE INDEX ix_refresh_token_user ON refresh_token (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE audit_event (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_email text,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        metadata jsonb,
        request_id text,
        client_ip text,
        user_agent text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_event PRIMARY KEY (seq),
        CONSTRAINT uq_audit_event_id UNIQUE (id),
        CONSTRAINT uq_audit_event_hash UNIQUE (hash)
      )`);
    await q.query(`CREATE INDEX ix_audit_event_entity ON audit_event (entity_type, entity_id, seq)`);
    await q.query(`CREATE INDEX ix_audit_event_actor ON audit_event (actor_id, seq)`);
    await q.query(`CREATE INDEX ix_audit_event_action ON audit_event (action, seq)`);
    await q.query(`CREATE INDEX ix_audit_event_time ON audit_event (occurred_at, seq)`);
    await q.query(`
      CREATE FUNCTION mou_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tr_audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION mou_audit_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION mou_audit_append_only()`);

    // Roles are cluster-wide: another database (or a parallel test run) may create it first.
    // It logs in itself, so it cannot RESET ROLE into the owner's rights.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mou_app') THEN
          CREATE ROLE mou_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
        ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'mou_app') THEN
          ALTER ROLE mou_app LOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT CONNECT ON DATABASE "${(await q.query('SELECT current_database() AS db'))[0].db}" TO mou_app`);
    await q.query(`GRANT USAGE ON SCHEMA public TO mou_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mou_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO mou_app`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO mou_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mou_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO mou_app`);
    // Nothing is ever lost: records are archived, never deleted, and history is never rewritten.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM mou_app`);
    await q.query(`
      REVOKE DELETE, TRUNCATE ON agreement, milestone, reminder, reminder_delivery, notification, webhook,
                                 app_user, refresh_token, cooperation_area, typeorm_migration FROM mou_app`);
    await q.query(`REVOKE INSERT, UPDATE ON typeorm_migration FROM mou_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM mou_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM mou_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM mou_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM mou_app`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM mou_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM mou_app`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION mou_audit_append_only()`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE app_user`);
  }
}
