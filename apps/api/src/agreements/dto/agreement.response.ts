import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { agreementDecisions, agreementKinds, agreementStatuses, renewalModes } from '@mou/domain';
import type { AgreementDecisionKind, AgreementKind, AgreementStatus, RenewalMode } from '@mou/domain';
import { documentTypes, type DocumentType } from '@mou/documents';
import { PartyDto } from './party.dto.js';
import { ReminderPolicyDto } from './reminder-policy.dto.js';

/** Another agreement this one points at (or is pointed at by), with what a reader needs to recognise it. */
export class AgreementLink {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'MOU-2017-0001' }) reference: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) titleTh: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Its entry into force' })
  effectiveOn: string | null;
}

/** A manager's decision about the current term. */
export class AgreementDecision {
  @ApiProperty({ enum: agreementDecisions }) decision: AgreementDecisionKind;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The term the decision is about' })
  termStartsOn: string | null;
}

/** A document whose text matched the search (GET /agreements?q=). */
export class MatchedDocument {
  @ApiProperty({ format: 'uuid', description: 'GET /documents/:id' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) milestoneId: string | null;
  @ApiProperty({ enum: documentTypes }) type: DocumentType;
  @ApiProperty({ example: 'th' }) language: string;
  @ApiProperty({ description: 'The current version, whose text matched' }) versionNumber: number;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'The text around the first match' }) snippet: string;
}

export class AgreementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'MOU-2017-0001' }) reference: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ nullable: true, type: String }) titleTh: string | null;
  @ApiProperty({ enum: agreementKinds }) kind: AgreementKind;
  @ApiProperty() binding: boolean;
  @ApiProperty({ type: [PartyDto] }) parties: PartyDto[];
  @ApiProperty({ description: 'More than two parties' }) multilateral: boolean;
  @ApiProperty() leadAgency: string;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) cabinetApprovedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) cabinetResolutionRef: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) signedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) signedPlace: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) effectiveOn: string | null;
  @ApiProperty() termMonths: number;
  @ApiProperty({ enum: renewalModes }) renewal: RenewalMode;
  @ApiProperty() noticeDays: number;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Last day in force' })
  expiresOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'expiresOn minus noticeDays' })
  noticeDeadline: string | null;
  @ApiProperty({ type: [String] }) contacts: string[];
  @ApiProperty({ type: [String] }) sourceUrls: string[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: ReminderPolicyDto, nullable: true, description: 'null: the configured defaults apply' })
  reminderPolicy: ReminderPolicyDto | null;
  @ApiProperty({ enum: agreementStatuses, description: 'As read today: in force past its last day reads expired' })
  status: AgreementStatus;
  @ApiProperty() version: number;
  @ApiProperty() archived: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: "The current term's first day" })
  termStartsOn: string | null;
  @ApiProperty({ type: AgreementDecision, nullable: true, description: 'Decision about the current term, if any' })
  decision: AgreementDecision | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'When notice of termination was given' })
  terminationNoticeOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'First day no longer in force' })
  terminatesOn: string | null;
  @ApiProperty({ type: AgreementLink, nullable: true }) amends: AgreementLink | null;
  @ApiProperty({ type: AgreementLink, nullable: true }) supersedes: AgreementLink | null;
  @ApiProperty({ type: [AgreementLink] }) amendedBy: AgreementLink[];
  @ApiProperty({ type: [AgreementLink] }) supersededBy: AgreementLink[];
  @ApiPropertyOptional({
    type: [MatchedDocument],
    description: 'Lists only: with q, the documents (up to 3) whose text matched; empty when the record itself did',
  })
  matchedDocuments?: MatchedDocument[];
}

export class AgreementPage {
  @ApiProperty({ type: [AgreementResponse] }) items: AgreementResponse[];
  @ApiProperty({ description: 'All rows matching the filters' }) total: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
