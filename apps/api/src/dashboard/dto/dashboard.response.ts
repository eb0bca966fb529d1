import { ApiProperty } from '@nestjs/swagger';

export class CountByCountry {
  @ApiProperty({ example: 'JP', description: 'A party code: ISO 3166-1 alpha-2, or an organisation such as ASEAN' })
  code: string;
  @ApiProperty({ nullable: true, type: String, example: 'Japan' }) nameEn: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ญี่ปุ่น' }) nameTh: string | null;
  @ApiProperty({ description: 'Agreements in force with this party; a multilateral one counts under each party' })
  count: number;
}

export class CountByArea {
  @ApiProperty({ example: 'cybersecurity' }) code: string;
  @ApiProperty({ example: 'Cybersecurity' }) labelEn: string;
  @ApiProperty({ example: 'ความมั่นคงปลอดภัยไซเบอร์' }) labelTh: string;
  @ApiProperty({ description: 'Agreements in force covering the area' }) count: number;
}

export class CountByLeadAgency {
  @ApiProperty({ example: 'MDES' }) leadAgency: string;
  @ApiProperty() count: number;
}

export class InForceCounts {
  @ApiProperty({ description: 'Agreements in force as read: stored in force and not past their last day' })
  total: number;
  @ApiProperty({ type: [CountByCountry], description: 'Most first, then by code' }) byCountry: CountByCountry[];
  @ApiProperty({ type: [CountByArea], description: 'Most first, then by code; areas with none are left out' })
  byArea: CountByArea[];
  @ApiProperty({ type: [CountByLeadAgency], description: 'Most first, then by name' })
  byLeadAgency: CountByLeadAgency[];
}

export class UpcomingDeadlines {
  @ApiProperty({ example: 30 }) withinDays: number;
  @ApiProperty({ format: 'date', description: 'today + withinDays, the last date counted' }) until: string;
  @ApiProperty({ description: 'Deadlines from today to `until`, both included (late ones are not counted here)' })
  total: number;
  @ApiProperty() noticeDeadlines: number;
  @ApiProperty() expiries: number;
  @ApiProperty() milestones: number;
}

export class DashboardResponse {
  @ApiProperty({ format: 'date', description: "The office's date the figures were computed for" }) today: string;
  @ApiProperty({ type: InForceCounts }) inForce: InForceCounts;
  @ApiProperty({ type: [UpcomingDeadlines], description: 'The same deadlines as GET /deadlines, in 30, 90, 180 days' })
  upcoming: UpcomingDeadlines[];
  @ApiProperty({ description: 'Open milestones (planned or in progress) past their due date' })
  overdueMilestones: number;
  @ApiProperty({
    description:
      'Agreements in force whose notice deadline has passed: the date to give notice (end or not renew) went by ' +
      'while the agreement still runs',
  })
  decisionsPastNoticeDeadline: number;
}
