import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { Agreement } from '../agreements/agreement.entity.js';
import type { MilestoneStatus } from './milestone.vocabulary.js';

/** A programme, deliverable or event under an agreement, with an owner and a due date. */
@Entity({ name: 'milestone' })
@Check('ck_milestone_completed', "(status = 'done') = (completed_on IS NOT NULL)")
@Index('ix_milestone_agreement_due', ['agreementId', 'dueOn', 'id'])
@Index('ix_milestone_due', ['dueOn', 'id'])
@Index('ix_milestone_owner_due', ['ownerAgency', 'dueOn'])
@Index('ix_milestone_status_due', ['status', 'dueOn'])
export class Milestone {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_milestone' })
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne('Agreement')
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'fk_milestone_agreement' })
  agreement?: Agreement;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'area_code', type: 'text', nullable: true })
  areaCode: string | null;

  @Column({ name: 'owner_agency', type: 'text', nullable: true })
  ownerAgency: string | null;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: CalendarDate;

  @Column({ type: 'text', default: 'planned' })
  status: MilestoneStatus;

  @Column({ name: 'target_value', type: 'numeric', nullable: true })
  targetValue: string | null;

  @Column({ name: 'actual_value', type: 'numeric', nullable: true })
  actualValue: string | null;

  @Column({ type: 'text', nullable: true })
  unit: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: CalendarDate | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

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
}
