import { ApiProperty } from '@nestjs/swagger';

export const deadlineKinds = ['notice-deadline', 'expiry', 'milestone'] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

export class DeadlineItem {
  @ApiProperty({
    enum: deadlineKinds,
    description: 'notice-deadline: last day to give notice; expiry: last day in force; milestone: due date',
  })
  kind: DeadlineKind;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ description: 'date minus today; negative when late' }) daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ example: 'MOC-2017-0001' }) agreementReference: string;
  @ApiProperty({ nullable: true, type: String }) agreementTitleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) agreementTitleTh: string | null;
  @ApiProperty({ example: 'MDES' }) leadAgency: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Milestones only' })
  milestoneId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Milestones only' }) milestoneTitle: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Milestones only' }) ownerAgency: string | null;
}

export class DeadlineList {
  @ApiProperty({ type: [DeadlineItem], description: 'Soonest first, then by kind, then by id' })
  items: DeadlineItem[];
  @ApiProperty({ description: 'All items matching, however many the limit returned' }) total: number;
  @ApiProperty() withinDays: number;
  @ApiProperty({ format: 'date', description: "The office's date the list was computed for" }) today: string;
  @ApiProperty({ format: 'date', description: 'today + withinDays, the last date included' }) until: string;
}
