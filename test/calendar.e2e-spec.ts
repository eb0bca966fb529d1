import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { type DeadlineScenario, deadlineScenario, SCENARIO_NOW as NOW } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let scenario: DeadlineScenario;

interface Deadline {
  kind: 'notice-deadline' | 'expiry' | 'milestone';
  date: string;
  agreementId: string;
  agreementReference: string;
  agreementTitleEn: string | null;
  milestoneId: string | null;
  milestoneTitle: string | null;
}

interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  allDay: boolean;
  summary: string;
  description: string;
}

const labels = {
  'notice-deadline': ['Notice deadline', 'กำหนดแจ้งบอกเลิก'],
  expiry: ['Last day in force', 'วันสิ้นสุดการมีผลบังคับใช้'],
  milestone: ['Milestone due', 'กิจกรรมครบกำหนด'],
} as const;

async function createFeed(role: 'manager' | 'officer' | 'auditor' | 'admin' | 'otherOfficer' = 'manager') {
  const res = await t.as(role).post('/calendar/feeds').send({});
  expect(res.status).toBe(201);
  return res.body as { id: string; url: string; createdAt: string };
}

const tokenOf = (url: string) => /^\/calendar\/(.+)\.ics$/.exec(url)![1];

/** Fetches a feed as a calendar app would: no token, no cookies. */
async function fetchFeed(url: string) {
  const res = await t.anonymous.get(url);
  expect(res.status).toBe(200);
  return res;
}

function parse(text: string): { calendar: ICAL.Component; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate && event.endDate.isDate,
      summary: event.summary,
      description: event.description,
    };
  });
  return { calendar, events };
}

async function feedEvents(url: string): Promise<FeedEvent[]> {
  return parse((await fetchFeed(url)).text).events;
}

/** What GET /deadlines lists over the feed's window (late items plus two years). */
async function deadlines(): Promise<Deadline[]> {
  const res = await t.http.get('/deadlines').query({ withinDays: 730, limit: 1000 });
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items;
}

const uidOf = (d: Deadline) => `${d.kind}-${d.kind === 'milestone' ? d.milestoneId : d.agreementId}@mou-tracker`;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

let japan: { id: string; version: number };
let korea: { id: string };

beforeAll(async () => {
  t = await startTestApp(NOW);
  scenario = deadlineScenario(t);
  // Last day 4 Jun 2022, notice deadline 6 Mar 2022.
  japan = await scenario.japan();
  // Last day 31 Jan 2022; notice deadline 2 Nov 2021 (late). A title with the characters iCalendar escapes.
  korea = await scenario.korea({ titleEn: 'MOU on ICT; broadband, 5G \\ postal\nsecond line' });
  // Expired as read, and archived: neither is in any feed.
  await scenario.expired();
  await scenario.archived();

  await scenario.under(japan, { title: 'Net Pracharat: 24,700 หมู่บ้าน', dueOn: '2021-12-01', ownerAgency: 'TOT' });
  await scenario.under(japan, { title: 'Big Bang', dueOn: '2022-02-01' });
  await scenario.under(japan, { title: 'in two years', dueOn: '2024-01-10' });
  await scenario.under(japan, { title: 'beyond two years', dueOn: '2024-01-11' });
  await scenario.under(japan, { title: 'done', dueOn: '2021-12-15', status: 'done' });
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.clock.set(NOW);
});

describe('POST /calendar/feeds', () => {
  it('makes a secret URL, shown once; only its SHA-256 is stored', async () => {
    const feed = await createFeed();
    expect(Object.keys(feed).sort()).toEqual(['createdAt', 'id', 'url']);
    expect(feed.url).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.createdAt).toBe('2022-01-10T02:00:00.000Z');
    const token = tokenOf(feed.url);

    const rows = await t.ownerQuery<{ user_id: string; token_hash: string; row: string }>(
      'SELECT user_id, token_hash, row_to_json(f)::text AS row FROM calendar_feed f WHERE id = $1',
      [feed.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).toBe(t.users.manager.id);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(rows[0].row).not.toContain(token);

    // Nor does the token (or its hash) reach the audit trail.
    const events = await t.ownerQuery<{ action: string; actor_id: string; text: string }>(
      `SELECT action, actor_id, row_to_json(e)::text AS text FROM audit_event e
        WHERE entity_type = 'calendar-feed' AND entity_id = $1`,
      [feed.id],
    );
    expect(events.map((e) => e.action)).toEqual(['calendar-feed.create']);
    expect(events[0].actor_id).toBe(t.users.manager.id);
    expect(events[0].text).not.toContain(token);
    expect(events[0].text).not.toContain(rows[0].token_hash);
  });

  it('gives every call a new token', async () => {
    const [a, b] = [await createFeed(), await createFeed()];
    expect(a.url).not.toBe(b.url);
  });
});

describe('GET /calendar/feeds', () => {
  it("lists the caller's own feeds, newest first, without their URLs", async () => {
    const mine = await createFeed('auditor');
    t.clock.set('2022-01-11T02:00:00Z');
    const newer = await createFeed('auditor');
    await createFeed('officer');
    const res = await t.as('auditor').get('/calendar/feeds');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: newer.id, createdAt: '2022-01-11T02:00:00.000Z', revokedAt: null, active: true },
      { id: mine.id, createdAt: '2022-01-10T02:00:00.000Z', revokedAt: null, active: true },
    ]);
    expect(res.text).not.toContain(tokenOf(mine.url));
    expect(res.text).not.toContain(tokenOf(newer.url));
  });
});

describe('GET /calendar/:token.ics', () => {
  it('serves valid iCalendar to anyone holding the URL, not cached', async () => {
    const feed = await createFeed();
    const res = await fetchFeed(feed.url);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // CRLF only, and every line within 75 octets (Thai is three octets a character).
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true); // long Thai summaries were folded
    const { calendar } = parse(text);
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//MOU Tracker//Deadlines//EN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('has one all-day event per deadline GET /deadlines lists (late ones plus two years), summaries in both languages', async () => {
    const feed = await createFeed();
    const events = await feedEvents(feed.url);
    const expected = await deadlines();
    expect(expected.length).toBeGreaterThan(5);
    expect(events.map((e) => e.uid)).toEqual(expected.map(uidOf));

    for (const [i, d] of expected.entries()) {
      const event = events[i];
      expect(event.allDay).toBe(true);
      expect(event.start).toBe(d.date);
      expect(event.end).toBe(nextDay(d.date));
      const [en, th] = labels[d.kind];
      expect(event.summary.startsWith(`${en} / ${th}: ${d.agreementReference}`)).toBe(true);
      if (d.kind === 'milestone') expect(event.summary).toContain(d.milestoneTitle!);
      else expect(event.summary).toContain(d.agreementTitleEn!);
    }
    const lines = events.map((e) => `${e.start} ${e.summary.split(':')[0]}`);
    expect(lines).toContain('2021-11-02 Notice deadline / กำหนดแจ้งบอกเลิก'); // KR, late
    expect(events.map((e) => e.summary)).toContain(
      'Milestone due / กิจกรรมครบกำหนด: JP – in two years', // exactly 730 days ahead
    );
    expect(events.map((e) => e.summary).join('\n')).not.toMatch(/beyond two years|OLD|ARCHIVED|hidden|done/);

    // Text with commas, semicolons, a backslash and a newline comes back exactly (escaped and unescaped).
    const kr = events.find((e) => e.uid === `expiry-${korea.id}@mou-tracker`)!;
    expect(kr.summary).toBe(
      'Last day in force / วันสิ้นสุดการมีผลบังคับใช้: KR MOU on ICT; broadband, 5G \\ postal\nsecond line',
    );
    // Thai first with the Buddhist Era date, then English.
    expect(kr.description).toMatch(/^วันสิ้นสุดการมีผลบังคับใช้: 31 มกราคม 2565\n/);
    expect(kr.description).toContain('\nLast day in force: 31 January 2022\n');
    const pracharat = events.find((e) => e.summary.includes('Net Pracharat'))!;
    expect(pracharat.summary).toBe('Milestone due / กิจกรรมครบกำหนด: JP – Net Pracharat: 24,700 หมู่บ้าน');
    expect(pracharat.description).toContain('หน่วยงานรับผิดชอบ: TOT');
  });

  it('is generated on each request: an edit shows in the next fetch, under the same UID', async () => {
    const feed = await createFeed();
    const before = await feedEvents(feed.url);
    const uid = `expiry-${japan.id}@mou-tracker`;
    expect(before.find((e) => e.uid === uid)?.start).toBe('2022-06-04');

    // Six more months: the expiry and notice deadline move; a new milestone appears; a finished one goes.
    const current = await t.http.get(`/agreements/${japan.id}`);
    const edited = await t.http
      .patch(`/agreements/${japan.id}`)
      .send({ version: current.body.version, termMonths: 66 });
    expect(edited.status).toBe(200);
    const added = await scenario.under(korea, { title: 'new one', dueOn: '2022-01-20' });
    const bigBang = before.find((e) => e.summary.endsWith('Big Bang'))!;
    const bigBangId = /^milestone-(.+)@mou-tracker$/.exec(bigBang.uid)![1];
    expect((await t.http.patch(`/milestones/${bigBangId}`).send({ version: 1, status: 'done' })).status).toBe(200);

    const after = await feedEvents(feed.url);
    expect(after.find((e) => e.uid === uid)?.start).toBe('2022-12-04');
    expect(after.find((e) => e.uid === `notice-deadline-${japan.id}@mou-tracker`)?.start).toBe('2022-09-05');
    expect(after.filter((e) => e.uid === uid)).toHaveLength(1);
    expect(after.find((e) => e.uid === `milestone-${added.id}@mou-tracker`)?.start).toBe('2022-01-20');
    expect(after.map((e) => e.uid)).not.toContain(bigBang.uid);
    expect(after.map((e) => e.uid)).toEqual((await deadlines()).map(uidOf));
  });

  it('follows the office clock: once KR has expired its deadlines leave the feed', async () => {
    const feed = await createFeed();
    t.clock.set('2022-02-01T02:00:00Z');
    const res = await fetchFeed(feed.url);
    const { calendar, events } = parse(res.text);
    expect(events.map((e) => e.uid)).not.toContain(`expiry-${korea.id}@mou-tracker`);
    expect(events.map((e) => e.uid)).toEqual((await deadlines()).map(uidOf));
    const stamp = calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstamp');
    expect(String(stamp)).toBe('2022-02-01T02:00:00Z');
  });

  it('answers 404 for an unknown or malformed token, in the usual error shape', async () => {
    for (const url of [`/calendar/${'A'.repeat(43)}.ics`, '/calendar/short.ics', `/calendar/${'A'.repeat(44)}.ics`]) {
      const res = await t.anonymous.get(url);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
  });

  it("stops answering when its owner's account is deactivated", async () => {
    const feed = await createFeed('otherOfficer');
    await fetchFeed(feed.url);
    await t.ownerQuery('UPDATE app_user SET active = false WHERE id = $1', [t.users.otherOfficer.id]);
    try {
      expect((await t.anonymous.get(feed.url)).status).toBe(404);
    } finally {
      // Later tests sign in as this officer.
      await t.ownerQuery('UPDATE app_user SET active = true WHERE id = $1', [t.users.otherOfficer.id]);
    }
  });
});

describe('DELETE /calendar/feeds/:id', () => {
  it('revokes: the URL answers 404 from then on, and the feed stays listed as revoked', async () => {
    const feed = await createFeed('officer');
    await fetchFeed(feed.url);
    t.clock.set('2022-01-12T02:00:00Z');
    expect((await t.as('officer').delete(`/calendar/feeds/${feed.id}`)).status).toBe(204);
    const gone = await t.anonymous.get(feed.url);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOT_FOUND');

    const listed = (await t.as('officer').get('/calendar/feeds')).body.find((f: { id: string }) => f.id === feed.id);
    expect(listed).toEqual({
      id: feed.id,
      createdAt: '2022-01-10T02:00:00.000Z',
      revokedAt: '2022-01-12T02:00:00.000Z',
      active: false,
    });
    // Revoking again changes nothing, and the trail holds one revocation.
    t.clock.set('2022-01-13T02:00:00Z');
    expect((await t.as('officer').delete(`/calendar/feeds/${feed.id}`)).status).toBe(204);
    const rows = await t.ownerQuery<{ revoked_at: Date }>('SELECT revoked_at FROM calendar_feed WHERE id = $1', [
      feed.id,
    ]);
    expect(rows[0].revoked_at.toISOString()).toBe('2022-01-12T02:00:00.000Z');
    const events = await t.ownerQuery<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_event WHERE entity_type = 'calendar-feed' AND entity_id = $1 ORDER BY seq`,
      [feed.id],
    );
    expect(events).toEqual([
      expect.objectContaining({ action: 'calendar-feed.create' }),
      { action: 'calendar-feed.revoke', before: { revokedAt: null }, after: { revokedAt: '2022-01-12T02:00:00.000Z' } },
    ]);
  });

  it("will not revoke another user's feed (404, as if it did not exist), and the feed keeps working", async () => {
    const feed = await createFeed('manager');
    for (const role of ['officer', 'admin', 'auditor'] as const) {
      const res = await t.as(role).delete(`/calendar/feeds/${feed.id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    await fetchFeed(feed.url);
    const mine = (await t.as('manager').get('/calendar/feeds')).body.find((f: { id: string }) => f.id === feed.id);
    expect(mine.active).toBe(true);
  });

  it('refuses a malformed id with a 400, and an unknown one with a 404', async () => {
    expect((await t.http.delete('/calendar/feeds/not-a-uuid')).status).toBe(400);
    expect((await t.http.delete('/calendar/feeds/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('is a revocation, never a deletion: the application role may not delete feeds', async () => {
    await createFeed();
    await expect(t.dataSource.query('DELETE FROM calendar_feed')).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query('TRUNCATE calendar_feed')).rejects.toThrow(/permission denied/);
  });
});

describe('who may use feeds', () => {
  it('lets every signed-in role make and list feeds, and no anonymous caller', async () => {
    for (const role of ['admin', 'officer', 'manager', 'auditor'] as const) {
      expect((await t.as(role).post('/calendar/feeds').send({})).status).toBe(201);
      expect((await t.as(role).get('/calendar/feeds')).status).toBe(200);
    }
    expect((await t.anonymous.post('/calendar/feeds').send({})).status).toBe(401);
    expect((await t.anonymous.get('/calendar/feeds')).status).toBe(401);
  });

  it('shows every role the same deadlines for now (scoping by agency comes later)', async () => {
    const officer = await feedEvents((await createFeed('officer')).url);
    const auditor = await feedEvents((await createFeed('auditor')).url);
    expect(officer.map((e) => e.uid)).toEqual(auditor.map((e) => e.uid));
  });
});
