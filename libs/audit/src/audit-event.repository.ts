import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { jsonBatches, queryRow, queryRows, registerStatementSamples, type AuditEventRow } from '@mou/database';
import type { AuditHashFields } from './audit-hash.js';

/**
 * The advisory-lock key that serialises appends to the chain (any fixed bigint; this one
 * spells "audit" in ASCII). Held until the appending transaction ends.
 */
export const AUDIT_CHAIN_LOCK = '418581342580';

/** An event ready to append: what was hashed, its predecessor's hash and its own. */
export interface ChainedAuditEvent extends AuditHashFields {
  prevHash: AuditEventRow['prev_hash'];
  hash: AuditEventRow['hash'];
}

const lockChainSql = `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}), current_setting('transaction_isolation') AS isolation`;

registerStatementSamples(import.meta.url, { lockChain: () => lockChainSql });

/** JSON columns go as JSON text, cast to jsonb in the statement; SQL NULL stays NULL. */
const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

/**
 * Every statement that appends to audit_event (the reading side is the API's
 * AuditRepository). Each takes the appending transaction's manager: the lock, the read
 * of the chain's end and the INSERT must share it.
 */
@Injectable()
export class AuditEventRepository {
  /**
   * Takes the chain's transaction-scoped advisory lock (held until commit) and answers the
   * transaction's isolation level, in one round trip.
   */
  async lockChain(tx: EntityManager): Promise<string> {
    const row = await queryRow<{ isolation: string }>(tx, lockChainSql);
    return row!.isolation;
  }

  /** The newest event's hash, or null for an empty trail. */
  async lastHash(tx: EntityManager): Promise<AuditEventRow['hash'] | null> {
    const row = await queryRow<Pick<AuditEventRow, 'hash'>>(
      tx,
      'SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    return row?.hash ?? null;
  }

  async insert(tx: EntityManager, event: ChainedAuditEvent): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO audit_event (id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
                                before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13, $14, $15, $16)`,
      [
        event.id,
        event.occurredAt,
        event.actorId,
        event.actorEmail,
        event.actorRole,
        event.action,
        event.entityType,
        event.entityId,
        json(event.before),
        json(event.after),
        json(event.metadata),
        event.requestId,
        event.clientIp,
        event.userAgent,
        event.prevHash,
        event.hash,
      ],
    );
  }

  /** Appends events in the order given, one INSERT per batch of them (jsonBatches). */
  async insertMany(tx: EntityManager, events: ChainedAuditEvent[]): Promise<void> {
    for (const batch of jsonBatches(events)) {
      // WITH ORDINALITY keeps the chain's order in seq.
      await queryRows(
        tx,
        `INSERT INTO audit_event (id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
                                  before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash)
         SELECT r.id, r."occurredAt", r."actorId", r."actorEmail", r."actorRole", r.action, r."entityType", r."entityId",
                r.before, r.after, r.metadata, r."requestId", r."clientIp", r."userAgent", r."prevHash", r.hash
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
          CROSS JOIN LATERAL jsonb_to_record(e.value) AS r(id uuid, "occurredAt" timestamptz, "actorId" uuid,
                "actorEmail" text, "actorRole" text, action text, "entityType" text, "entityId" text, before jsonb,
                after jsonb, metadata jsonb, "requestId" text, "clientIp" text, "userAgent" text, "prevHash" text, hash text)
          ORDER BY e.n`,
        [batch],
      );
    }
  }
  /**
   * Keeps events' canonical texts, split around their time, in a temporary table of the
   * transaction (dropped when it ends), numbered 1, 2, 3 … in the order given.
   */
  async stage(tx: EntityManager, parts: Array<[head: string, tail: string]>): Promise<void> {
    await queryRows(
      tx,
      `CREATE TEMP TABLE IF NOT EXISTS audit_event_staged (n bigint PRIMARY KEY, head text NOT NULL, tail text NOT NULL)
       ON COMMIT DROP`,
    );
    const row = await queryRow<{ last: number }>(tx, 'SELECT coalesce(max(n), 0)::int AS last FROM audit_event_staged');
    let after = row!.last;
    for (const batch of jsonBatches(parts)) {
      const added = await queryRow<{ count: number }>(
        tx,
        `WITH added AS (
           INSERT INTO audit_event_staged (n, head, tail)
           SELECT $2::int + e.n, e.value ->> 0, e.value ->> 1
             FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
           RETURNING 1)
         SELECT count(*)::int AS count FROM added`,
        [batch, after],
      );
      after += added!.count;
    }
  }

  /** Whether this transaction staged events. */
  async hasStaged(tx: EntityManager): Promise<boolean> {
    const row = await queryRow<{ staged: boolean }>(
      tx,
      "SELECT to_regclass('pg_temp.audit_event_staged') IS NOT NULL AS staged",
    );
    return row!.staged;
  }

  /**
   * Links the staged events to the chain after `prevHash`, each at `timeJson` (its time as
   * JSON text), in one statement: hash = sha256(prevHash || head || time || tail), the bytes
   * auditHash hashes, and the columns read back out of that same text. Empties the stage.
   */
  async appendStaged(tx: EntityManager, prevHash: string, timeJson: string): Promise<number> {
    // The chain walks n = 1, 2, 3 … by index; `stage` numbers without gaps.
    const appended = await queryRow<{ count: number }>(
      tx,
      `WITH RECURSIVE chain (n, prev_hash, hash) AS (
         SELECT 0::bigint, NULL::text, $1::text
         UNION ALL
         SELECT s.n, c.hash, encode(sha256(convert_to(c.hash || s.head || $2::text || s.tail, 'UTF8')), 'hex')
           FROM chain c JOIN audit_event_staged s ON s.n = c.n + 1
       ), added AS (
         INSERT INTO audit_event (id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
                                  before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash)
         SELECT r.id, r."occurredAt", r."actorId", r."actorEmail", r."actorRole", r.action, r."entityType",
                r."entityId", r.before, r.after, r.metadata, r."requestId", r."clientIp", r."userAgent",
                c.prev_hash, c.hash
           FROM chain c JOIN audit_event_staged s ON s.n = c.n
          CROSS JOIN LATERAL jsonb_to_record((s.head || $2::text || s.tail)::jsonb) AS r(id uuid,
                "occurredAt" timestamptz, "actorId" uuid, "actorEmail" text, "actorRole" text, action text,
                "entityType" text, "entityId" text, before jsonb, after jsonb, metadata jsonb, "requestId" text,
                "clientIp" text, "userAgent" text)
          ORDER BY c.n
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [prevHash, timeJson],
    );
    await queryRows(tx, 'TRUNCATE audit_event_staged');
    return appended!.count;
  }
}
