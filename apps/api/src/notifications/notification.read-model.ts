import type { ReminderKind } from '@mou/reminders';
import type { NotificationResponse } from './dto/notification.response.js';

/** Select from `notification n` joined with the reader's marks as `r` (see readerJoin). */
export const notificationColumns = `n.id, n.reminder_id, n.agreement_id, n.milestone_id, n.kind, n.subject_en,
  n.subject_th, n.body_en, n.body_th, n.target_on, n.created_at, r.read_at`;

/** The reader's own read mark, if any: read state is per user. `param` is the user id's placeholder. */
export function readerJoin(param: string): string {
  return `LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ${param}::uuid`;
}

export interface NotificationRow {
  id: string;
  reminder_id: string;
  agreement_id: string;
  milestone_id: string | null;
  kind: ReminderKind;
  subject_en: string;
  subject_th: string;
  body_en: string;
  body_th: string;
  target_on: string;
  created_at: Date;
  read_at: Date | null;
}

export function toNotificationResponse(row: NotificationRow): NotificationResponse {
  return {
    id: row.id,
    reminderId: row.reminder_id,
    agreementId: row.agreement_id,
    milestoneId: row.milestone_id,
    kind: row.kind,
    subjectEn: row.subject_en,
    subjectTh: row.subject_th,
    bodyEn: row.body_en,
    bodyTh: row.body_th,
    targetOn: row.target_on,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}
