import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { jsonBatches } from '@mou/database';
import { Clock, type Actor } from '@mou/domain';
import { auditHash, GENESIS_HASH, toJsonValue, toStoredText, type AuditHashFields } from './audit-hash.js';

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
      const fields: AuditHashFields = {
        id: randomUUID(),
        occurredAt,
        actorId: actor.userId?.toLowerCase() ?? null,
        actorEmail: actor.email,
        actorRole: actor.role,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        before: toJsonValue(event.before),
        after: toJsonValue(event.after),
        metadata: toJsonValue(event.metadata),
        requestId: actor.requestId ?? null,
        clientIp: actor.ip ?? null,
        userAgent: actor.userAgent ?? null,
      };
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
}
