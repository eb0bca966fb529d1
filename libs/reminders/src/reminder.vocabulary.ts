export const reminderKinds = ['expiry', 'notice-deadline', 'milestone-due', 'milestone-overdue'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export const reminderStates = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type ReminderState = (typeof reminderStates)[number];

export const deliveryChannels = ['email', 'webhook', 'in-app'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** Webhook event names are the reminder kinds. */
export const webhookEvents = reminderKinds;

/** Offsets for one agreement; the defaults come from config, an agreement may override any. */
export interface ReminderPolicy {
  expiry: number[];
  notice: number[];
  milestone: number[];
  overdueEveryDays: number;
}
