import { type CalendarDate } from '../calendar/calendar-date.js';

export const milestoneStatuses = ['planned', 'in-progress', 'done', 'cancelled'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

/** What a reader sees: `overdue` is derived, never stored. */
export type MilestoneReadStatus = MilestoneStatus | 'overdue';

export const openMilestoneStatuses: readonly MilestoneStatus[] = ['planned', 'in-progress'];

export function isOverdue(status: MilestoneStatus, dueOn: CalendarDate, today: CalendarDate): boolean {
  return openMilestoneStatuses.includes(status) && dueOn < today;
}
