import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@mou/domain';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { PageQuery } from '../common/page.query.js';
import { SqlParams } from '../common/sql-params.js';
import { auditHash, GENESIS_HASH, type AuditHashFields } from '@mou/audit';
import type {
  AuditChainBreak,
  AuditEventPage,
  AuditEventResponse,
  AuditVerification,
} from './dto/audit-event.response.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** Every column of an event; seq as text (bigint), and whether occurred_at has sub-millisecond digits. */
const eventColumns = `
  e.seq::text AS seq, e.id, e.occurred_at, e.actor_id, e.actor_email, e.actor_role, e.action, e.entity_type,
  e.entity_id, e.before, e.after, e.metadata, e.request_id, e.client_ip, e.user_agent, e.prev_hash, e.hash,
  date_trunc('milliseconds', e.occurred_at) <> e.occurred_at AS sub_ms`;

interface EventRow {
  seq: string;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
  sub_ms: boolean;
}

/** What was hashed of a stored event, as the chain's author computed it. */
function hashFields(row: EventRow): AuditHashFields {
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

function toResponse(row: EventRow): AuditEventResponse {
  const { occurredAt, ...fields } = hashFields(row);
  return { seq: Number(row.seq), ...fields, occurredAt, prevHash: row.prev_hash, hash: row.hash };
}

/** Newest first on /audit-events, oldest first on an agreement's history: each its own cursor. */
const NEWEST_FIRST = '-seq';
const OLDEST_FIRST = 'seq';

function cursorSeq(raw: string, sort: string): string {
  const { key } = decodeCursor(raw, sort);
  if (key === null || !/^\d{1,18}$/.test(key)) {
    throw new BadRequestException({
      message: 'cursor is not a cursor this list gave out (for this sort)',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'cursor', message: 'is not a cursor this list gave out (for this sort)' }],
    });
  }
  return key;
}

const VERIFY_BATCH = 1000;
/** Breaks listed by GET /audit-events/verify; invalidCount counts every one. */
const MAX_LISTED_BREAKS = 1000;

@Injectable()
export class AuditQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page, newest first, in two queries (rows and total); each filter has an index. */
  async list(query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const p = new SqlParams();
    const where: string[] = [];
    if (query.entityType) where.push(`e.entity_type = ${p.add(query.entityType)}`);
    if (query.entityId) where.push(`e.entity_id = ${p.add(query.entityId)}`);
    if (query.actorId) where.push(`e.actor_id = ${p.add(query.actorId)}::uuid`);
    if (query.action) where.push(`e.action = ${p.add(query.action)}`);
    if (query.from) where.push(`e.occurred_at >= ${p.add(query.from)}::timestamptz`);
    if (query.to) where.push(`e.occurred_at <= ${p.add(query.to)}::timestamptz`);
    return this.page(where, p, query, NEWEST_FIRST);
  }

  /** An agreement's events and its milestones', oldest first; 404 when there is no such agreement. */
  async history(agreementId: string, query: PageQuery): Promise<AuditEventPage> {
    const found = await this.db.query('SELECT 1 FROM agreement WHERE id = $1', [agreementId]);
    if (!found.length) throw DomainError.notFound('Agreement', agreementId);
    const p = new SqlParams();
    const id = p.add(agreementId);
    // Milestones stay with their agreement for good (never deleted nor moved), so their ids
    // find their events through ix_audit_event_entity; metadata.agreementId says the same.
    const where = [
      `((e.entity_type = 'agreement' AND e.entity_id = ${id})
        OR (e.entity_type = 'milestone'
            AND e.entity_id = ANY (ARRAY(SELECT m.id::text FROM milestone m WHERE m.agreement_id = ${id}::uuid))))`,
    ];
    return this.page(where, p, query, OLDEST_FIRST);
  }

  private async page(where: string[], p: SqlParams, query: PageQuery, sort: string): Promise<AuditEventPage> {
    const limit = query.limit ?? 50;
    const newestFirst = sort === NEWEST_FIRST;
    const totalWhere = [...where];
    const totalParams = [...p.values];
    if (query.cursor) where.push(`e.seq ${newestFirst ? '<' : '>'} ${p.add(cursorSeq(query.cursor, sort))}::bigint`);
    const sqlWhere = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
    const rows: EventRow[] = await this.db.query(
      `SELECT ${eventColumns} FROM audit_event e ${sqlWhere(where)}
        ORDER BY e.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ${limit + 1}`,
      p.values,
    );
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM audit_event e ${sqlWhere(totalWhere)}`,
      totalParams,
    );
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
      const rows: EventRow[] = await this.db.query(
        `SELECT ${eventColumns} FROM audit_event e WHERE e.seq > $1::bigint ORDER BY e.seq LIMIT ${VERIFY_BATCH}`,
        [after],
      );
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
