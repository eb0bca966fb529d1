import { formatEnglishDate, formatThaiDate } from '@mou/reminders';
import type { DeadlineItem, DeadlineKind } from '../deadlines/dto/deadline.response.js';
import type { AllDayEvent } from './icalendar.js';

/** How each kind of deadline reads, in English and in Thai. */
export const deadlineLabels: Record<DeadlineKind, { en: string; th: string }> = {
  'notice-deadline': { en: 'Notice deadline', th: 'กำหนดแจ้งบอกเลิก' },
  expiry: { en: 'Last day in force', th: 'วันสิ้นสุดการมีผลบังคับใช้' },
  milestone: { en: 'Milestone due', th: 'กิจกรรมครบกำหนด' },
};

/**
 * One deadline's identity, the same in every fetch of every feed: the kind and the
 * record it belongs to (the agreement for notice deadlines and expiries, the milestone
 * for due dates). A moved date therefore updates the event in calendar apps.
 */
export function deadlineUid(item: DeadlineItem): string {
  return `${item.kind}-${item.kind === 'milestone' ? item.milestoneId : item.agreementId}@mou-tracker`;
}

/** "Notice deadline / กำหนดแจ้งบอกเลิก: MOU-2017-0001 <title>"; a milestone names itself after the reference. */
export function deadlineSummary(item: DeadlineItem): string {
  const label = deadlineLabels[item.kind];
  const what =
    item.kind === 'milestone'
      ? `${item.agreementReference} – ${item.milestoneTitle}`
      : [item.agreementReference, item.agreementTitleEn ?? item.agreementTitleTh].filter(Boolean).join(' ');
  return `${label.en} / ${label.th}: ${what}`;
}

/** Thai first (the office's language, Buddhist Era dates), then English. */
export function deadlineDescription(item: DeadlineItem): string {
  const label = deadlineLabels[item.kind];
  const thai = [
    `${label.th}: ${formatThaiDate(item.date)}`,
    `ความตกลง: ${[item.agreementReference, item.agreementTitleTh ?? item.agreementTitleEn].filter(Boolean).join(' ')}`,
    `หน่วยงานหลัก: ${item.leadAgency}`,
  ];
  const english = [
    `${label.en}: ${formatEnglishDate(item.date)}`,
    `Agreement: ${[item.agreementReference, item.agreementTitleEn ?? item.agreementTitleTh].filter(Boolean).join(' ')}`,
    `Lead agency: ${item.leadAgency}`,
  ];
  if (item.kind === 'milestone') {
    thai.push(`กิจกรรม: ${item.milestoneTitle}`, `หน่วยงานรับผิดชอบ: ${item.ownerAgency ?? 'ยังไม่ระบุ'}`);
    english.push(`Milestone: ${item.milestoneTitle}`, `Owner agency: ${item.ownerAgency ?? 'not assigned'}`);
  }
  return [...thai, '', ...english].join('\n');
}

export function deadlineEvent(item: DeadlineItem): AllDayEvent {
  return {
    uid: deadlineUid(item),
    date: item.date,
    summary: deadlineSummary(item),
    description: deadlineDescription(item),
    categories: [deadlineLabels[item.kind].en],
  };
}
