import { Injectable } from '@nestjs/common';
import { DomainError } from '@mou/domain';
import { auditHash, GENESIS_HASH, type AuditHashFields } from '@mou/audit';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { PageQuery } from '../common/page.query.js';
import { AuditRepository, type StoredAuditEvent } from './audit.repository.js';
import type {
  AuditChainBreak,
  AuditEventPage,
  AuditEventResponse,
  AuditVerification,
} from './dto/audit-event.response.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** What was hashed of a stored event, as the chain's author computed it. */
function hashFields(row: StoredAuditEvent): AuditHashFields {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    metadata: row.metadata,
    requestId: row.request_id,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
  };
}

function toResponse(row: StoredAuditEvent): AuditEventResponse {
  const { occurredAt, ...fields } = hashFields(row);
  return { seq: Number(row.seq), ...fields, occurredAt, prevHash: row.prev_hash, hash: row.hash };
}

/** Newest first on /audit-events, oldest first on an agreement's history: each its own cursor. */
const NEWEST_FIRST = '-seq';
const OLDEST_FIRST = 'seq';

function cursorSeq(raw: string, sort: string): string {
  const { key } = decodeCursor(raw, sort);
  if (key === null || !/^\d{1,18}$/.test(key)) {
    throw DomainError.invalid([{ field: 'cursor', message: 'is not a cursor this list gave out (for this sort)' }]);
  }
  return key;
}

const VERIFY_BATCH = 1000;
/** Breaks listed by GET /audit-events/verify; invalidCount counts every one. */
const MAX_LISTED_BREAKS = 1000;

/** Reads the audit trail: its pages, an agreement's history, and a walk of the whole chain. */
@Injectable()
export class AuditTrailService {
  constructor(private readonly events: AuditRepository) {}

  /** One page, newest first, in two queries (rows and total); each filter has an index. */
  async list(query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const limit = query.limit ?? 50;
    const before = query.cursor ? cursorSeq(query.cursor, NEWEST_FIRST) : null;
    const { rows, total } = await this.events.listPage(query, before, limit + 1);
    return this.page(rows, total, limit, NEWEST_FIRST);
  }

  /** An agreement's events and its milestones', oldest first; 404 when there is no such agreement. */
  async history(agreementId: string, query: PageQuery): Promise<AuditEventPage> {
    if (!(await this.events.agreementExists(agreementId))) throw DomainError.notFound('Agreement', agreementId);
    const limit = query.limit ?? 50;
    const after = query.cursor ? cursorSeq(query.cursor, OLDEST_FIRST) : null;
    const { rows, total } = await this.events.historyPage(agreementId, after, limit + 1);
    return this.page(rows, total, limit, OLDEST_FIRST);
  }

  private page(rows: StoredAuditEvent[], total: number, limit: number, sort: string): AuditEventPage {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toResponse),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ sort, key: last.seq, id: last.id }) : null,
    };
  }

  /**
   * Walks the whole chain in seq order, a batch at a time (memory stays bounded however
   * long the trail), re-computing each hash and checking each link, and reports every
   * event that fails, not just the first. A link is checked before the hash, so a removed
   * event shows as a broken link on the event after the gap, and an altered one as a hash
   * mismatch.
   */
  async verify(): Promise<AuditVerification> {
    let expectedPrev = GENESIS_HASH;
    let after = '0';
    let checked = 0;
    let invalidCount = 0;
    const invalid: AuditChainBreak[] = [];
    for (;;) {
      const rows = await this.events.chainBatch(after, VERIFY_BATCH);
      for (const row of rows) {
        checked += 1;
        // The author hashed a millisecond instant: extra digits were written afterwards.
        const reason =
          row.prev_hash !== expectedPrev
            ? 'broken-link'
            : row.sub_ms || auditHash(row.prev_hash, hashFields(row)) !== row.hash
              ? 'hash-mismatch'
              : null;
        if (reason) {
          invalidCount += 1;
          if (invalid.length < MAX_LISTED_BREAKS) invalid.push({ seq: Number(row.seq), id: row.id, reason });
        }
        // Walk on from the hash as stored, so each break is reported once, at its own event,
        // and one tampered event does not hide another further on.
        expectedPrev = row.hash;
      }
      if (rows.length < VERIFY_BATCH) {
        return { valid: invalidCount === 0, checked, invalidCount, firstInvalid: invalid[0] ?? null, invalid };
      }
      after = rows[rows.length - 1].seq;
    }
  }
}
