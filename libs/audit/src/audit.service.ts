import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, type Actor } from '@mou/domain';
import {
  auditHash,
  canonicalStoredJson,
  GENESIS_HASH,
  toJsonValue,
  toStoredText,
  type AuditHashFields,
} from './audit-hash.js';
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

    // Milliseconds in, milliseconds out: timestamptz keeps the time exactly.
    const fields = eventFields(actor, this.clock.now().toISOString(), event);
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
      const fields = eventFields(actor, occurredAt, event);
      const hash = auditHash(prevHash, fields);
      const row: ChainedAuditEvent = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await this.events.insertMany(manager, rows);
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
    if (parts.length) await this.events.stage(manager, parts);
  }

  /**
   * Appends the events staged in this transaction to the chain, in the order staged, and
   * empties the stage. Under the chain's lock and in one statement, PostgreSQL links each
   * to its predecessor, with the time of the append: hash = sha256(prevHash || canonical
   * text), the very bytes `auditHash` hashes (the texts are UTF-8 on both sides), and the
   * stored columns are read back out of that same text, so what is stored is what was hashed.
   */
  async appendStaged(manager: EntityManager): Promise<number> {
    if (!(await this.events.hasStaged(manager))) return 0;
    const isolation = await this.events.lockChain(manager);
    if (isolation !== 'read committed') {
      throw new Error(`AuditService.appendStaged needs a READ COMMITTED transaction, not ${isolation}`);
    }
    const prevHash = (await this.events.lastHash(manager)) ?? GENESIS_HASH;
    // Every staged event occurs now, under the lock, as one recorded directly would.
    return this.events.appendStaged(manager, prevHash, JSON.stringify(this.clock.now().toISOString()));
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
