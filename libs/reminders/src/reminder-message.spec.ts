import { describe, expect, it } from '@jest/globals';
import { addCalendarDays } from '@mou/domain';
import type { DeliveryContext } from './channels/delivery-context.js';
import type { ReminderKind } from './reminder.vocabulary.js';
import { renderEmail, renderReminderMessage } from './reminder-message.js';
import { japanMemorandumDelivery } from './testing/delivery-context.fixture.js';

const base = japanMemorandumDelivery;
const milestone = { id: 'c3e8b1f4-6a2d-4f9e-b7c5-1d0a8e3f2b04', title: 'Cybersecurity workshop', ownerAgency: 'ETDA' };

const at = (kind: ReminderKind, daysLeft: number, extra: Partial<DeliveryContext> = {}): DeliveryContext => ({
  ...base,
  kind,
  daysLeft,
  today: addCalendarDays(base.targetOn, -daysLeft),
  milestone: kind.startsWith('milestone') ? milestone : null,
  ...extra,
});

describe('renderReminderMessage', () => {
  it('writes an expiry reminder in full, Thai with a Buddhist Era date', () => {
    const message = renderReminderMessage(at('expiry', 30));
    expect(message.subjectTh).toBe('แจ้งเตือน: MOC-2017-0001 – วันสิ้นสุดการมีผลบังคับใช้ วันที่ 4 มิถุนายน 2565 (เหลืออีก 30 วัน)');
    expect(message.bodyTh).toBe(
      [
        'ความตกลง: MOC-2017-0001 บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล',
        'หน่วยงานหลัก: MDES',
        'วันสิ้นสุดการมีผลบังคับใช้: วันที่ 4 มิถุนายน 2565 (เหลืออีก 30 วัน)',
        '',
        'วันสุดท้ายที่ความตกลงมีผลบังคับใช้คือวันที่ 4 มิถุนายน 2565 โปรดพิจารณาว่าจะต่ออายุหรือปล่อยให้สิ้นสุดลง',
      ].join('\n'),
    );
    expect(message.subjectEn).toBe('Reminder: MOC-2017-0001 – last day in force 4 June 2022 (30 days left)');
    expect(message.bodyEn).toBe(
      [
        'Agreement: MOC-2017-0001 Memorandum of Cooperation on ICT and Digital',
        'Lead agency: MDES',
        'Deadline: last day in force, 4 June 2022 (30 days left)',
        '',
        "The agreement's last day in force is 4 June 2022. Decide on renewal or let it expire.",
      ].join('\n'),
    );
  });

  it.each([
    [1, '1 day left', 'เหลืออีก 1 วัน'],
    [0, 'today', 'ครบกำหนดวันนี้'],
    [-3, '3 days late', 'เลยกำหนดมาแล้ว 3 วัน'],
  ])('says how far off the expiry is (%i days left)', (daysLeft, en, th) => {
    const message = renderReminderMessage(at('expiry', daysLeft));
    expect(message.subjectEn).toContain(`(${en})`);
    expect(message.subjectTh).toContain(`(${th})`);
    expect(message.bodyEn).toContain(daysLeft < 0 ? 'last day in force was 4 June 2022' : 'is 4 June 2022');
  });

  it.each([
    [90, '90 days left', 'เหลืออีก 90 วัน', 'before then', 'ก่อนวันดังกล่าว'],
    [0, 'today', 'ครบกำหนดวันนี้', 'before then', 'ก่อนวันดังกล่าว'],
    [-1, '1 day late', 'เลยกำหนดมาแล้ว 1 วัน', 'now', 'โดยเร็ว'],
  ])('asks for a decision before the notice deadline (%i days left)', (daysLeft, en, th, byEn, byTh) => {
    const message = renderReminderMessage(at('notice-deadline', daysLeft));
    expect(message.subjectTh).toContain('กำหนดแจ้งบอกเลิกหรือไม่ต่ออายุ วันที่ 4 มิถุนายน 2565');
    expect(message.subjectTh).toContain(th);
    expect(message.subjectEn).toContain(`notice deadline 4 June 2022 (${en})`);
    expect(message.bodyTh).toContain('ต้องแจ้งเป็นลายลักษณ์อักษรเพื่อบอกเลิกหรือไม่ต่ออายุความตกลงภายในวันที่ 4 มิถุนายน 2565');
    expect(message.bodyTh).toContain(`โปรดบันทึกการตัดสินใจ${byTh}`);
    expect(message.bodyEn).toContain('notice to end or not renew the agreement');
    expect(message.bodyEn).toContain(`be given by 4 June 2022. Record a decision ${byEn}.`);
  });

  it.each([
    [14, 'is due on 4 June 2022', 'ครบกำหนดวันที่ 4 มิถุนายน 2565 โปรด'],
    [0, 'is due on 4 June 2022', 'ครบกำหนดวันนี้'],
    [-2, 'was due on 4 June 2022 and is overdue by 2 days', 'เลยกำหนดมาแล้ว 2 วัน'],
  ])('names the milestone, its owner and due date (%i days left)', (daysLeft, en, th) => {
    const message = renderReminderMessage(at('milestone-due', daysLeft));
    expect(message.subjectEn).toContain('Reminder: MOC-2017-0001 – milestone “Cybersecurity workshop” due 4 June 2022');
    expect(message.subjectTh).toContain('กิจกรรม “Cybersecurity workshop” ครบกำหนดวันที่ 4 มิถุนายน 2565');
    expect(message.bodyEn).toContain('Owner agency: ETDA');
    expect(message.bodyEn).toContain(`Milestone “Cybersecurity workshop” ${en}. Update its status.`);
    expect(message.bodyTh).toContain('หน่วยงานรับผิดชอบ: ETDA');
    expect(message.bodyTh).toContain(th);
    expect(message.bodyTh).toContain('โปรดปรับปรุงสถานะของกิจกรรม');
  });

  it.each([
    [-7, 'overdue by 7 days', 'เลยกำหนดมาแล้ว 7 วัน', '(7 days late)'],
    [-1, 'overdue by 1 day', 'เลยกำหนดมาแล้ว 1 วัน', '(1 day late)'],
    [0, 'is due on 4 June 2022', 'ครบกำหนดวันนี้', '(today)'],
    [3, 'is due on 4 June 2022', 'เหลืออีก 3 วัน', '(3 days left)'],
  ])('asks to close or move an overdue milestone (%i days left)', (daysLeft, en, th, subjectEn) => {
    const message = renderReminderMessage(at('milestone-overdue', daysLeft));
    expect(message.subjectEn).toMatch(/^Overdue: MOC-2017-0001 – milestone “Cybersecurity workshop”/);
    expect(message.subjectEn).toContain(subjectEn);
    expect(message.subjectTh).toContain(th);
    expect(message.bodyEn).toContain(en);
    expect(message.bodyEn).toContain('Mark it done or cancelled, or move its due date.');
    expect(message.bodyTh).toContain('โปรดบันทึกว่าดำเนินการแล้วเสร็จหรือยกเลิก หรือเลื่อนวันครบกำหนด');
  });

  it("falls back to the other language's title, and to 'not assigned' for a missing owner", () => {
    const agreement = { ...base.agreement, titleTh: null };
    const ownerless = { ...milestone, ownerAgency: null };
    const message = renderReminderMessage(at('milestone-due', 5, { agreement, milestone: ownerless }));
    expect(message.bodyTh).toContain('ความตกลง: MOC-2017-0001 Memorandum of Cooperation on ICT and Digital');
    expect(message.bodyTh).toContain('หน่วยงานรับผิดชอบ: ยังไม่ระบุ');
    expect(message.bodyEn).toContain('Owner agency: not assigned');
    const untitled = renderReminderMessage(at('expiry', 5, { agreement: { ...agreement, titleEn: null } }));
    expect(untitled.bodyEn.split('\n')[0]).toBe('Agreement: MOC-2017-0001');
  });

  it('refuses a milestone reminder without its milestone, and an unknown kind', () => {
    expect(() => renderReminderMessage(at('milestone-due', 5, { milestone: null }))).toThrow(/has no milestone/);
    expect(() => renderReminderMessage(at('renewal' as ReminderKind, 5))).toThrow(/unknown reminder kind/);
  });
});

describe('renderEmail', () => {
  it('puts Thai first, then English, under one bilingual subject', () => {
    const ctx = at('notice-deadline', 30);
    const message = renderReminderMessage(ctx);
    const email = renderEmail(ctx, message);
    expect(email.subject).toBe(`${message.subjectTh} / ${message.subjectEn}`);
    expect(email.text).toBe(
      `${message.bodyTh}\n\n${'-'.repeat(40)}\n\n${message.bodyEn}\n\nMOU Tracker · ${ctx.deliveryId}`,
    );
  });
});
