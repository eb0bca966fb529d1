import { Check, Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { AgreementKind, AgreementStatus, RenewalMode } from './agreement.vocabulary.js';
import { AgreementArea } from './agreement-area.entity.js';

export interface Party {
  country: string;
  organization: string;
  signatory?: string | null;
  signatoryTitle?: string | null;
}

/**
 * An international cooperation instrument. Mirrors the migrations, which are the source of
 * truth for constraints; expiresOn, noticeDeadline, searchText and partiesText are generated
 * by PostgreSQL and areaCodes is kept by triggers on agreement_area: none is ever written.
 */
@Entity({ name: 'agreement' })
@Unique('uq_agreement_reference', ['reference'])
@Check('ck_agreement_title', 'coalesce(title_en, title_th) IS NOT NULL')
@Index('ix_agreement_created', ['createdAt', 'id'])
@Index('ix_agreement_kind', ['kind'])
@Index('ix_agreement_lead_agency', ['leadAgency'])
@Index('ix_agreement_status_expires', ['status', 'expiresOn'])
export class Agreement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agreement' })
  id: string;

  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ name: 'title_th', type: 'text', nullable: true })
  titleTh: string | null;

  @Column({ type: 'text' })
  kind: AgreementKind;

  @Column({ type: 'boolean', default: false })
  binding: boolean;

  @Column({ type: 'jsonb' })
  parties: Party[];

  @Column({ name: 'lead_agency', type: 'text' })
  leadAgency: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'cabinet_approved_on', type: 'date', nullable: true })
  cabinetApprovedOn: CalendarDate | null;

  @Column({ name: 'cabinet_resolution_ref', type: 'text', nullable: true })
  cabinetResolutionRef: string | null;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn: CalendarDate | null;

  @Column({ name: 'signed_place', type: 'text', nullable: true })
  signedPlace: string | null;

  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: CalendarDate | null;

  @Column({ name: 'term_months', type: 'integer' })
  termMonths: number;

  @Column({ type: 'text', default: 'none' })
  renewal: RenewalMode;

  @Column({ name: 'notice_days', type: 'integer' })
  noticeDays: number;

  @Column({ type: 'text', array: true, default: '{}' })
  contacts: string[];

  @Column({ name: 'source_urls', type: 'text', array: true, default: '{}' })
  sourceUrls: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  tags: string[];

  @Column({ type: 'text' })
  status: AgreementStatus;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'expires_on', type: 'date', nullable: true, insert: false, update: false })
  expiresOn: CalendarDate | null;

  @Column({ name: 'notice_deadline', type: 'date', nullable: true, insert: false, update: false })
  noticeDeadline: CalendarDate | null;

  @Column({ name: 'search_text', type: 'text', nullable: true, insert: false, update: false, select: false })
  searchText?: string | null;

  /** "TH Ministry …; JP Ministry …", as the register export writes the parties. */
  @Column({ name: 'parties_text', type: 'text', nullable: true, insert: false, update: false })
  partiesText: string | null;

  /** The agreement's cooperation areas (agreement_area), sorted. */
  @Column({ name: 'area_codes', type: 'text', array: true, insert: false, update: false })
  areaCodes: string[];

  /** Per-agreement reminder offsets: {"expiry":[…],"notice":[…],"milestone":[…],"overdueEveryDays":7}. */
  @Column({ name: 'reminder_policy', type: 'jsonb', nullable: true })
  reminderPolicy: Record<string, unknown> | null;

  /** First day of the current term, when a renewal started one; null: effectiveOn. */
  @Column({ name: 'term_started_on', type: 'date', nullable: true })
  termStartedOn: CalendarDate | null;

  @Column({ type: 'text', nullable: true })
  decision: 'renew' | 'let-expire' | 'terminate' | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  /** The term the decision is about (its first day). */
  @Column({ name: 'decision_term_starts_on', type: 'date', nullable: true })
  decisionTermStartsOn: CalendarDate | null;

  @Column({ name: 'termination_notice_on', type: 'date', nullable: true })
  terminationNoticeOn: CalendarDate | null;

  @Column({ name: 'terminates_on', type: 'date', nullable: true })
  terminatesOn: CalendarDate | null;

  @Column({ name: 'amends_id', type: 'uuid', nullable: true })
  amendsId: string | null;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId: string | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'archived_by', type: 'text', nullable: true })
  archivedBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @OneToMany(() => AgreementArea, (area) => area.agreement)
  areas?: AgreementArea[];
}
