import type { AgreementRow, MilestoneRow, ReminderRow } from '@mou/database';
import { daysBetween } from '@mou/domain';
import type { DeliveryChannel, ReminderKind } from '../reminder.vocabulary.js';

/** Everything a channel needs to deliver one reminder to one recipient, re-read from PostgreSQL. */
export interface DeliveryContext {
  deliveryId: string;
  reminderId: string;
  channel: DeliveryChannel;
  /** An email address, a webhook id, or 'office' for in-app. */
  recipient: string;
  webhook: { id: string; url: string; secret: string } | null;
  kind: ReminderKind;
  /** The deadline reminded about (expiry, notice deadline or milestone due date). */
  targetOn: string;
  /** The office's date when the reminder is sent. */
  today: string;
  /** targetOn − today in days; negative when late. */
  daysLeft: number;
  agreement: { id: string; reference: string; titleEn: string | null; titleTh: string | null; leadAgency: string };
  milestone: { id: string; title: string; ownerAgency: string | null } | null;
}

/** One reminder's words, in both languages. */
export interface ReminderMessage {
  subjectEn: string;
  subjectTh: string;
  bodyEn: string;
  bodyTh: string;
}

/** The columns a message is made of, as the dispatch and delivery statements read them. */
export interface ReminderMessageRow {
  reminder_id: ReminderRow['id'];
  kind: ReminderRow['kind'];
  target_on: ReminderRow['target_on'];
  agreement_id: AgreementRow['id'];
  reference: AgreementRow['reference'];
  title_en: AgreementRow['title_en'];
  title_th: AgreementRow['title_th'];
  lead_agency: AgreementRow['lead_agency'];
  milestone_id: MilestoneRow['id'] | null;
  milestone_title: MilestoneRow['title'] | null;
  owner_agency: MilestoneRow['owner_agency'];
}

/** One delivery's context from the row its statement read, on the office's date `today`. */
export function toDeliveryContext(
  row: ReminderMessageRow,
  delivery: Pick<DeliveryContext, 'deliveryId' | 'channel' | 'recipient' | 'webhook'>,
  today: string,
): DeliveryContext {
  return {
    ...delivery,
    reminderId: row.reminder_id,
    kind: row.kind,
    targetOn: row.target_on,
    today,
    daysLeft: daysBetween(today, row.target_on),
    agreement: {
      id: row.agreement_id,
      reference: row.reference,
      titleEn: row.title_en,
      titleTh: row.title_th,
      leadAgency: row.lead_agency,
    },
    milestone: row.milestone_id
      ? { id: row.milestone_id, title: row.milestone_title ?? '', ownerAgency: row.owner_agency }
      : null,
  };
}

/**
 * A notification's columns after its delivery and reminder: agreement, milestone, kind,
 * subject and body in English and Thai, target date. Dispatch and delivery write the same.
 */
export function notificationValues(row: ReminderMessageRow, message: ReminderMessage): unknown[] {
  return [
    row.agreement_id,
    row.milestone_id,
    row.kind,
    message.subjectEn,
    message.subjectTh,
    message.bodyEn,
    message.bodyTh,
    row.target_on,
  ];
}
