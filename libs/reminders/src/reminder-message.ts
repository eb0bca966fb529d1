import type { DeliveryContext, ReminderMessage } from './channels/delivery-context.js';
import { reminderKinds } from './reminder.vocabulary.js';
import { formatEnglishDate, formatThaiDate } from './thai-date.js';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function whenEn(daysLeft: number): string {
  if (daysLeft > 0) return `${days(daysLeft)} left`;
  return daysLeft < 0 ? `${days(-daysLeft)} late` : 'today';
}

function whenTh(daysLeft: number): string {
  if (daysLeft > 0) return `เหลืออีก ${daysLeft} วัน`;
  return daysLeft < 0 ? `เลยกำหนดมาแล้ว ${-daysLeft} วัน` : 'ครบกำหนดวันนี้';
}

// A milestone reminder without its milestone is a broken row; better to fail (and retry) than send nonsense.
function milestoneOf(ctx: DeliveryContext) {
  if (!ctx.milestone) throw new Error(`delivery ${ctx.deliveryId}: ${ctx.kind} reminder has no milestone`);
  return ctx.milestone;
}

function english(ctx: DeliveryContext): { subject: string; body: string } {
  const { agreement, daysLeft } = ctx;
  const date = formatEnglishDate(ctx.targetOn);
  const late = daysLeft < 0;
  const title = agreement.titleEn ?? agreement.titleTh;
  const head = [`Agreement: ${agreement.reference}${title ? ` ${title}` : ''}`, `Lead agency: ${agreement.leadAgency}`];
  const when = `${date} (${whenEn(daysLeft)})`;

  if (ctx.kind === 'expiry' || ctx.kind === 'notice-deadline') {
    const [label, action] =
      ctx.kind === 'expiry'
        ? [
            'last day in force',
            `The agreement's last day in force ${late ? 'was' : 'is'} ${date}. Decide on renewal or let it expire.`,
          ]
        : [
            'notice deadline',
            `Written notice to end or not renew the agreement ${late ? 'had to' : 'must'} be given by ${date}. ` +
              `Record a decision ${late ? 'now' : 'before then'}.`,
          ];
    const body = [...head, `Deadline: ${label}, ${when}`, '', action];
    return { subject: `Reminder: ${agreement.reference} – ${label} ${when}`, body: body.join('\n') };
  }

  const milestone = milestoneOf(ctx);
  const status = late ? `was due on ${date} and is overdue by ${days(-daysLeft)}` : `is due on ${date}`;
  const action =
    ctx.kind === 'milestone-due' ? 'Update its status.' : 'Mark it done or cancelled, or move its due date.';
  const body = [
    ...head,
    `Milestone: ${milestone.title}`,
    `Owner agency: ${milestone.ownerAgency ?? 'not assigned'}`,
    `Due: ${when}`,
    '',
    `Milestone “${milestone.title}” ${status}. ${action}`,
  ];
  const prefix = ctx.kind === 'milestone-overdue' ? 'Overdue' : 'Reminder';
  return {
    subject: `${prefix}: ${agreement.reference} – milestone “${milestone.title}” due ${when}`,
    body: body.join('\n'),
  };
}

// Thai has no tense, so one wording serves before and after the date; sentences are separated by spaces.
function thai(ctx: DeliveryContext): { subject: string; body: string } {
  const { agreement, daysLeft } = ctx;
  const date = formatThaiDate(ctx.targetOn);
  const late = daysLeft < 0;
  const title = agreement.titleTh ?? agreement.titleEn;
  const head = [`ความตกลง: ${agreement.reference}${title ? ` ${title}` : ''}`, `หน่วยงานหลัก: ${agreement.leadAgency}`];
  const when = `วันที่ ${date} (${whenTh(daysLeft)})`;

  if (ctx.kind === 'expiry' || ctx.kind === 'notice-deadline') {
    const [label, action] =
      ctx.kind === 'expiry'
        ? ['วันสิ้นสุดการมีผลบังคับใช้', `วันสุดท้ายที่ความตกลงมีผลบังคับใช้คือวันที่ ${date} โปรดพิจารณาว่าจะต่ออายุหรือปล่อยให้สิ้นสุดลง`]
        : [
            'กำหนดแจ้งบอกเลิกหรือไม่ต่ออายุ',
            `ต้องแจ้งเป็นลายลักษณ์อักษรเพื่อบอกเลิกหรือไม่ต่ออายุความตกลงภายในวันที่ ${date} ` +
              (late ? 'โปรดบันทึกการตัดสินใจโดยเร็ว' : 'โปรดบันทึกการตัดสินใจก่อนวันดังกล่าว'),
          ];
    const body = [...head, `${label}: ${when}`, '', action];
    return { subject: `แจ้งเตือน: ${agreement.reference} – ${label} ${when}`, body: body.join('\n') };
  }

  const milestone = milestoneOf(ctx);
  const status = `ครบกำหนดวันที่ ${date}${late ? ` เลยกำหนดมาแล้ว ${-daysLeft} วัน` : ''}`;
  const action =
    ctx.kind === 'milestone-due' ? 'โปรดปรับปรุงสถานะของกิจกรรม' : 'โปรดบันทึกว่าดำเนินการแล้วเสร็จหรือยกเลิก หรือเลื่อนวันครบกำหนด';
  const body = [
    ...head,
    `กิจกรรม: ${milestone.title}`,
    `หน่วยงานรับผิดชอบ: ${milestone.ownerAgency ?? 'ยังไม่ระบุ'}`,
    `วันครบกำหนด: ${when}`,
    '',
    `กิจกรรม “${milestone.title}” ${status} ${action}`,
  ];
  return {
    subject: `แจ้งเตือน: ${agreement.reference} – กิจกรรม “${milestone.title}” ครบกำหนด${when}`,
    body: body.join('\n'),
  };
}

/** One reminder's subject and plain-text body in Thai (Buddhist Era dates) and English. */
export function renderReminderMessage(ctx: DeliveryContext): ReminderMessage {
  // The kind comes from a database row; anything unknown would otherwise read as a milestone.
  if (!reminderKinds.includes(ctx.kind)) {
    throw new Error(`unknown reminder kind: ${String(ctx.kind)}`);
  }
  const en = english(ctx);
  const th = thai(ctx);
  return { subjectEn: en.subject, subjectTh: th.subject, bodyEn: en.body, bodyTh: th.body };
}

/** Thai first (the office's language), then English; the footer names the delivery for support. */
export function renderEmail(ctx: DeliveryContext, message: ReminderMessage): { subject: string; text: string } {
  return {
    subject: `${message.subjectTh} / ${message.subjectEn}`,
    text: [message.bodyTh, '-'.repeat(40), message.bodyEn, `MOU Tracker · ${ctx.deliveryId}`].join('\n\n'),
  };
}
