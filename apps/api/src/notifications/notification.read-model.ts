import type { NotificationResponse } from './dto/notification.response.js';
import type { NotificationView } from './notifications.repository.js';

export function toNotificationResponse(row: NotificationView): NotificationResponse {
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
