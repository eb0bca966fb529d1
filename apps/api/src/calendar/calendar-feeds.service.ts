import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addCalendarDays, Clock, DomainError, type Actor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { toDeadlineItem } from '../deadlines/deadline.read-model.js';
import { DeadlinesRepository } from '../deadlines/deadlines.repository.js';
import { CalendarFeedsRepository, type FeedRow } from './calendar-feeds.repository.js';
import { deadlineEvent } from './deadline-events.js';
import { CalendarFeedResponse, CreatedCalendarFeedResponse } from './dto/calendar-feed.response.js';
import { renderCalendar } from './icalendar.js';

/** How far ahead a feed looks; late items (GET /deadlines' overdue ones) are always in. */
export const FEED_WINDOW_DAYS = 730;
/** How often calendar apps are asked to fetch again. */
export const FEED_REFRESH_MINUTES = 60;

/** What randomBytes(32).toString('base64url') gives: 43 characters of the URL-safe alphabet. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const hashFeedToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const toResponse = (row: FeedRow): CalendarFeedResponse => ({
  id: row.id,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
  active: row.revoked_at === null,
});

/** The trail's view of a feed: never the token, nor its hash. */
const auditView = (row: FeedRow) => ({ ...toResponse(row), userId: row.user_id });

function ownerOf(actor: Actor): string {
  // The access guard lets no anonymous caller reach the routes that take an actor.
  if (!actor.userId) throw new Error('calendar feeds belong to a signed-in user');
  return actor.userId;
}

/** The feed route answers 404 alike for a malformed, unknown or revoked token, and never names it. */
const noSuchFeed = () => new DomainError('NOT_FOUND', 'No such calendar feed');

/**
 * Secret calendar feed URLs: each signed-in user makes (and revokes) their own. The
 * token is the credential of the public .ics route, so only its SHA-256 is stored and
 * the URL is shown once.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly feeds: CalendarFeedsRepository,
    private readonly deadlines: DeadlinesRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor): Promise<CreatedCalendarFeedResponse> {
    const userId = ownerOf(actor);
    const token = randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (tx) => {
      const inserted = await this.feeds.insert(tx, userId, hashFeedToken(token), this.clock.now());
      await this.audit.record(tx, actor, {
        action: 'calendar-feed.create',
        entityType: 'calendar-feed',
        entityId: inserted.id,
        after: auditView(inserted),
      });
      return inserted;
    });
    return { id: row.id, url: `/calendar/${token}.ics`, createdAt: row.created_at.toISOString() };
  }

  /** The caller's own feeds, revoked ones included, newest first. */
  async list(actor: Actor): Promise<CalendarFeedResponse[]> {
    return (await this.feeds.listOwn(ownerOf(actor))).map(toResponse);
  }

  /**
   * Revokes one of the caller's feeds: its URL answers 404 from now on. Another user's
   * feed is a 404, as if it did not exist. Revoking twice keeps the first time (and its
   * one audit event).
   */
  async revoke(id: string, actor: Actor): Promise<void> {
    const userId = ownerOf(actor);
    await this.db.transaction(async (tx) => {
      const current = await this.feeds.lockOwn(tx, id, userId);
      if (!current) throw DomainError.notFound('Calendar feed', id);
      if (current.revoked_at) return;
      const revoked = await this.feeds.revoke(tx, id, this.clock.now());
      await this.audit.record(tx, actor, {
        action: 'calendar-feed.revoke',
        entityType: 'calendar-feed',
        entityId: id,
        before: { revokedAt: null },
        after: { revokedAt: toResponse(revoked).revokedAt },
      });
    });
  }

  /**
   * The feed as iCalendar text, generated afresh on each request from the same deadlines
   * query as GET /deadlines: late items plus the next FEED_WINDOW_DAYS days. A feed of a
   * deactivated user answers 404 like a revoked one.
   */
  async render(token: string): Promise<string> {
    if (!tokenPattern.test(token)) throw noSuchFeed();
    const feed = await this.feeds.findLive(hashFeedToken(token));
    if (!feed) throw noSuchFeed();

    const today = this.clock.today();
    // Every role sees every agreement for now; when reading is scoped by agency, the
    // owner's role and agency (read above) narrow this query.
    const rows = await this.deadlines.upTo(today, addCalendarDays(today, FEED_WINDOW_DAYS));
    return renderCalendar({
      name: 'MOU Tracker – deadlines / กำหนดเวลา',
      generatedAt: this.clock.now(),
      refreshMinutes: FEED_REFRESH_MINUTES,
      events: rows.map((row) => deadlineEvent(toDeadlineItem(row))),
    });
  }
}
