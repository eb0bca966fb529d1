import { ApiProperty } from '@nestjs/swagger';
import { milestoneStatuses } from '@mou/domain';
import type { MilestoneReadStatus, MilestoneStatus } from '@mou/domain';

export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ example: 'MOC-2017-0001' }) agreementReference: string;
  @ApiProperty({ nullable: true, type: String }) agreementTitleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) agreementTitleTh: string | null;
  @ApiProperty({ description: 'The agreement is archived (its milestones are hidden from lists)' })
  agreementArchived: boolean;
  @ApiProperty({ example: 'Net Pracharat: broadband to every village' }) title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'workforce' }) area: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'TOT Public Company Ltd' }) ownerAgency: string | null;
  @ApiProperty({ format: 'date', example: '2017-12-31' }) dueOn: string;
  @ApiProperty({
    enum: [...milestoneStatuses, 'overdue'],
    description: 'As read today: planned or in-progress past its due date reads overdue',
  })
  status: MilestoneReadStatus;
  @ApiProperty({ enum: milestoneStatuses, description: 'As recorded' }) storedStatus: MilestoneStatus;
  @ApiProperty({ nullable: true, type: Number, example: 24700 }) targetValue: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualValue: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'villages' }) unit: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) completedOn: string | null;
  @ApiProperty() version: number;
  @ApiProperty() archived: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

export class MilestonePage {
  @ApiProperty({ type: [MilestoneResponse] }) items: MilestoneResponse[];
  @ApiProperty({ description: 'All rows matching the filters' }) total: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
