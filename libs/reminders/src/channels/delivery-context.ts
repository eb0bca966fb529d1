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
