import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, type Actor } from '@mou/domain';
import { auditHash, GENESIS_HASH, toJsonValue, toStoredText, type AuditHashFields } from './audit-hash.js';
import { AuditEventRepository, type ChainedAuditEvent } from './audit-event.repository.js';

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
 * Appends to the tamper-evident audit trail (audit_event): each event carries the hash
 * of the one before it, so a rewritten, removed or reordered event breaks the chain that
 * GET /audit-events/verify walks.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly events: AuditEventRepository,
  ) {}

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
    const isolation = await this.events.lockChain(manager);
    // Under REPEATABLE READ or SERIALIZABLE the next query would read the transaction's old
    // snapshot and could miss the latest event: two events would then share a predecessor.
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.record needs a READ COMMITTED transaction, not ${isolation}`);
    }
    const prevHash = (await this.events.lastHash(manager)) ?? GENESIS_HASH;

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
    await this.events.insert(manager, { ...fields, prevHash, hash: auditHash(prevHash, fields) });
  }

  /**
   * Records many events in the caller's transaction, chained in the order given, with one
   * lock, one read of the chain's end and one INSERT per batch of events (jsonBatches): a bulk
   * change (a spreadsheet import) audits every record it touches without a round trip each.
   */
  async recordMany(manager: EntityManager, actor: Actor, events: AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.recordMany needs a transaction');
    const isolation = await this.events.lockChain(manager);
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.recordMany needs a READ COMMITTED transaction, not ${isolation}`);
    }
    let prevHash = (await this.events.lastHash(manager)) ?? GENESIS_HASH;
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
      const row: ChainedAuditEvent = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await this.events.insertMany(manager, rows);
  }
}
