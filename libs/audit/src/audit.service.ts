import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { jsonBatches } from '@mou/database';
import { Clock, type Actor } from '@mou/domain';
import {
  auditHash,
  canonicalStoredJson,
  GENESIS_HASH,
  toJsonValue,
  toStoredText,
  type AuditHashFields,
} from './audit-hash.js';

/** One change as a service reports it. */
export interface AuditEventInput {
  /** What happened, `<entity>.<verb>`: agreement.create, milestone.archive, webhook.delete … */
  action: string;
  entityType: string;
  entityId: string | null;
  /** For updates, the changed fields as they were; omit for creates. */
  before?: unknown;
  /** For creates, the record as created; for updates, the changed fields as they are now. */
  after?: unknown;
  metadata?: Record<string, unknown>;
}

/**
 * The advisory-lock key that serialises appends to the chain (any fixed bigint; this one
 * spells "audit" in ASCII). Held until the appending transaction ends.
 */
export const AUDIT_CHAIN_LOCK = '418581342580';

/** The caller's transaction's events set aside by `stage`: a temporary table dropped when it ends. */
const STAGED = 'audit_event_staged';

/** audit_event's columns, and the typed fields of an event's canonical text that fill them. */
const insertColumns = `id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
  before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash`;
const fieldTypes = `id uuid, "occurredAt" timestamptz, "actorId" uuid, "actorEmail" text, "actorRole" text,
  action text, "entityType" text, "entityId" text, before jsonb, after jsonb, metadata jsonb, "requestId" text,
  "clientIp" text, "userAgent" text`;
const fieldValues = `r.id, r."occurredAt", r."actorId", r."actorEmail", r."actorRole", r.action, r."entityType",
  r."entityId", r.before, r.after, r.metadata, r."requestId", r."clientIp", r."userAgent"`;

/**
 * Appends to the tamper-evident audit trail (audit_event): each event carries the hash
 * of the one before it, so a rewritten, removed or reordered event breaks the chain that
 * GET /audit-events/verify walks.
 */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  /**
   * Records one event in the caller's transaction, so a change that rolls back leaves no
   * event. Call it as the transaction's last statement: appends are serialised by a
   * transaction-scoped advisory lock held until commit, so everything done after it
   * would keep every other writer waiting.
   *
   * Given a manager that is not in a transaction (a failed sign-in, say, which changes
   * nothing), the event is written in a transaction of its own.
   */
  async record(manager: EntityManager, actor: Actor, event: AuditEventInput): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      await manager.transaction((tx) => this.record(tx, actor, event));
      return;
    }
    const [{ isolation }] = await manager.query(
      `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}), current_setting('transaction_isolation') AS isolation`,
    );
    // Under REPEATABLE READ or SERIALIZABLE the next query would read the transaction's old
    // snapshot and could miss the latest event: two events would then share a predecessor.
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.record needs a READ COMMITTED transaction, not ${isolation}`);
    }
    const [last] = await manager.query('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    const prevHash: string = last?.hash ?? GENESIS_HASH;

    // Every value as PostgreSQL will store it (toStoredText, toJsonValue): hashed exactly as stored.
    const fields: AuditHashFields = {
      id: randomUUID(),
      // Milliseconds in, milliseconds out: timestamptz keeps this value exactly.
      occurredAt: this.clock.now().toISOString(),
      actorId: actor.userId?.toLowerCase() ?? null,
      actorEmail: toStoredText(actor.email),
      actorRole: actor.role,
      action: toStoredText(event.action),
      entityType: toStoredText(event.entityType),
      entityId: toStoredText(event.entityId),
      before: toJsonValue(event.before),
      after: toJsonValue(event.after),
      metadata: toJsonValue(event.metadata),
      requestId: toStoredText(actor.requestId ?? null),
      clientIp: toStoredText(actor.ip ?? null),
      userAgent: toStoredText(actor.userAgent ?? null),
    };
    const hash = auditHash(prevHash, fields);
    const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
    await manager.query(
      `INSERT INTO audit_event (id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
                                before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13, $14, $15, $16)`,
      [
        fields.id,
        fields.occurredAt,
        fields.actorId,
        fields.actorEmail,
        fields.actorRole,
        fields.action,
        fields.entityType,
        fields.entityId,
        json(fields.before),
        json(fields.after),
        json(fields.metadata),
        fields.requestId,
        fields.clientIp,
        fields.userAgent,
        prevHash,
        hash,
      ],
    );
  }

  /**
   * Records many events in the caller's transaction, chained in the order given, with one
   * lock, one read of the chain's end and one INSERT per batch of events (jsonBatches): a bulk
   * change (a spreadsheet import) audits every record it touches without a round trip each.
   */
  async recordMany(manager: EntityManager, actor: Actor, events: AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.recordMany needs a transaction');
    const [{ isolation }] = await manager.query(
      `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}), current_setting('transaction_isolation') AS isolation`,
    );
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.recordMany needs a READ COMMITTED transaction, not ${isolation}`);
    }
    const [last] = await manager.query('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    let prevHash: string = last?.hash ?? GENESIS_HASH;
    const occurredAt = this.clock.now().toISOString();
    const rows = events.map((event) => {
      const fields = eventFields(actor, occurredAt, event);
      const hash = auditHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    for (const json of jsonBatches(rows)) {
      // WITH ORDINALITY keeps the chain's order in seq.
      await manager.query(
        `INSERT INTO audit_event (id, occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id,
                                  before, after, metadata, request_id, client_ip, user_agent, prev_hash, hash)
         SELECT r.id, r."occurredAt", r."actorId", r."actorEmail", r."actorRole", r.action, r."entityType", r."entityId",
                r.before, r.after, r.metadata, r."requestId", r."clientIp", r."userAgent", r."prevHash", r.hash
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
          CROSS JOIN LATERAL jsonb_to_record(e.value) AS r(id uuid, "occurredAt" timestamptz, "actorId" uuid,
                "actorEmail" text, "actorRole" text, action text, "entityType" text, "entityId" text, before jsonb,
                after jsonb, metadata jsonb, "requestId" text, "clientIp" text, "userAgent" text, "prevHash" text, hash text)
          ORDER BY e.n`,
        [json],
      );
    }
  }

  /**
   * Sets events aside in the caller's transaction without taking the chain's lock, for a
   * long bulk change (an import's commit) that writes its events batch by batch: each
   * event's canonical text (everything its hash covers but the previous hash and its time)
   * is fixed now and kept in a temporary table dropped with the transaction; `appendStaged`, the
   * transaction's last statement, links them to the chain. Other writers then wait for the
   * append alone instead of the whole change.
   */
  async stage(manager: EntityManager, actor: Actor, events: Iterable<AuditEventInput>): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.stage needs a transaction');
    const parts: Array<[string, string]> = [];
    for (const event of events) parts.push(stagedText(actor, event));
    if (!parts.length) return;
    await manager.query(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGED} (n bigint PRIMARY KEY, head text NOT NULL, tail text NOT NULL)
       ON COMMIT DROP`,
    );
    const [{ last }] = await manager.query(`SELECT coalesce(max(n), 0)::int AS last FROM ${STAGED}`);
    let after: number = last;
    for (const json of jsonBatches(parts)) {
      const [{ count }] = await manager.query(
        `WITH added AS (
           INSERT INTO ${STAGED} (n, head, tail)
           SELECT $2 + e.n, e.value ->> 0, e.value ->> 1
             FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
           RETURNING 1)
         SELECT count(*)::int AS count FROM added`,
        [json, after],
      );
      after += count as number;
    }
  }

  /**
   * Appends the events staged in this transaction to the chain, in the order staged, and
   * empties the stage. Under the chain's lock and in one statement, PostgreSQL links each
   * to its predecessor, with the time of the append: hash = sha256(prevHash || canonical
   * text), the very bytes
   * `auditHash` hashes (the texts are UTF-8 on both sides), and the stored columns are read
   * back out of that same text, so what is stored is what was hashed.
   */
  async appendStaged(manager: EntityManager): Promise<number> {
    const [{ staged }] = await manager.query(`SELECT to_regclass('pg_temp.${STAGED}') IS NOT NULL AS staged`);
    if (!staged) return 0;
    const [{ isolation }] = await manager.query(
      `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}), current_setting('transaction_isolation') AS isolation`,
    );
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.appendStaged needs a READ COMMITTED transaction, not ${isolation}`);
    }
    const [last] = await manager.query('SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    // Every staged event occurs now, under the lock, as one recorded directly would.
    const time = JSON.stringify(this.clock.now().toISOString());
    // The chain walks n = 1, 2, 3 … by index; `stage` numbers without gaps.
    const [{ count }] = await manager.query(
      `WITH RECURSIVE chain (n, prev_hash, hash) AS (
         SELECT 0::bigint, NULL::text, $1::text
         UNION ALL
         SELECT s.n, c.hash, encode(sha256(convert_to(c.hash || s.head || $2 || s.tail, 'UTF8')), 'hex')
           FROM chain c JOIN ${STAGED} s ON s.n = c.n + 1
       ), added AS (
         INSERT INTO audit_event (${insertColumns})
         SELECT ${fieldValues}, c.prev_hash, c.hash
           FROM chain c JOIN ${STAGED} s ON s.n = c.n
          CROSS JOIN LATERAL jsonb_to_record((s.head || $2 || s.tail)::jsonb) AS r(${fieldTypes})
          ORDER BY c.n
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [last?.hash ?? GENESIS_HASH, time],
    );
    await manager.query(`TRUNCATE ${STAGED}`);
    return count as number;
  }
}

/**
 * An event's canonical text (canonicalEvent) as the parts before and after its time, which
 * the append fills in: written straight from the event, keys in hashedFields' order,
 * `before`, `after` and `metadata` as canonicalStoredJson writes them.
 */
export function stagedText(actor: Actor, event: AuditEventInput): [string, string] {
  const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(toStoredText(value)));
  return [
    `{"action":${text(event.action)},"actorEmail":${text(actor.email)},` +
      `"actorId":${text(actor.userId?.toLowerCase() ?? null)},"actorRole":${text(actor.role)},` +
      `"after":${canonicalStoredJson(event.after)},"before":${canonicalStoredJson(event.before)},` +
      `"clientIp":${text(actor.ip ?? null)},"entityId":${text(event.entityId)},` +
      `"entityType":${text(event.entityType)},"id":${text(randomUUID())},` +
      `"metadata":${canonicalStoredJson(event.metadata)},"occurredAt":`,
    `,"requestId":${text(actor.requestId ?? null)},"userAgent":${text(actor.userAgent ?? null)}}`,
  ];
}

/** One event's hashed fields, each value as PostgreSQL will store it (toStoredText, toJsonValue). */
function eventFields(actor: Actor, occurredAt: string, event: AuditEventInput): AuditHashFields {
  return {
    id: randomUUID(),
    occurredAt,
    actorId: actor.userId?.toLowerCase() ?? null,
    actorEmail: toStoredText(actor.email),
    actorRole: actor.role,
    action: toStoredText(event.action),
    entityType: toStoredText(event.entityType),
    entityId: toStoredText(event.entityId),
    before: toJsonValue(event.before),
    after: toJsonValue(event.after),
    metadata: toJsonValue(event.metadata),
    requestId: toStoredText(actor.requestId ?? null),
    clientIp: toStoredText(actor.ip ?? null),
    userAgent: toStoredText(actor.userAgent ?? null),
  };
}
