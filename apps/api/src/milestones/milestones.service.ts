import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, type MilestoneStatus, type Actor, assertMayKeepRecordsOf } from '@mou/domain';
import { ReminderPlanner } from '@mou/reminders';
import { changedFields } from '../audit/audit-changes.js';
import { AuditService } from '@mou/audit';
import { CreateMilestoneDto } from './dto/create-milestone.dto.js';
import type { ListMilestonesQuery, MilestonePageQuery } from './dto/list-milestones.query.js';
import { MilestonePage, MilestoneResponse } from './dto/milestone.response.js';
import { UpdateMilestoneDto } from './dto/update-milestone.dto.js';
import { AgreementsRepository } from '../agreements/agreements.repository.js';
import { lockVersioned } from '../common/lock-versioned.js';
import { CooperationAreasRepository } from '../cooperation-areas/cooperation-areas.repository.js';
import { type LockedMilestone, MilestonesRepository } from './milestones.repository.js';
import { type WritableMilestoneField, milestoneWritableColumns } from './milestone-columns.js';

@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly milestones: MilestonesRepository,
    private readonly agreements: AgreementsRepository,
    private readonly areas: CooperationAreasRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
    private readonly audit: AuditService,
  ) {}

  list(query: ListMilestonesQuery): Promise<MilestonePage> {
    return this.milestones.list(query);
  }

  /**
   * An agreement's milestones, archived agreement or not (the agreement itself stays
   * readable when archived). Three queries: the agreement exists, the rows, the total.
   */
  async listForAgreement(agreementId: string, query: MilestonePageQuery): Promise<MilestonePage> {
    if (!(await this.agreements.exists(agreementId))) throw DomainError.notFound('Agreement', agreementId);
    return this.milestones.listForAgreement(agreementId, query);
  }

  findOne(id: string): Promise<MilestoneResponse> {
    return this.milestones.findOne(id);
  }

  async create(agreementId: string, dto: CreateMilestoneDto, actor: Actor): Promise<MilestoneResponse> {
    const status = dto.status ?? 'planned';
    const completedOn = this.completedOn(status, dto.completedOn, null, null);
    const id = await this.db.transaction(async (tx) => {
      // FOR SHARE: the agreement cannot be archived while its new milestone is written.
      const agreement = await this.agreements.lockShared(tx, agreementId);
      if (!agreement) throw DomainError.notFound('Agreement', agreementId);
      assertMayKeepRecordsOf(actor, agreement.lead_agency);
      if (agreement.archived_at) {
        throw new DomainError('ARCHIVED', `Agreement ${agreementId} is archived; restore it before adding milestones`);
      }
      await this.assertAreaExists(tx, dto.area);
      const values: Record<string, unknown> = {
        ...columnValues(dto),
        agreement_id: agreementId,
        status,
        completed_on: completedOn,
        created_by: actor.email,
        updated_by: actor.email,
      };
      const newId = await this.milestones.insert(tx, values);
      await this.reminders.replan(tx, [agreementId]);
      await this.audit.record(tx, actor, {
        action: 'milestone.create',
        entityType: 'milestone',
        entityId: newId,
        after: await this.milestones.findOne(newId, tx),
        metadata: { agreementId },
      });
      return newId;
    });
    return this.milestones.findOne(id);
  }

  async update(id: string, dto: UpdateMilestoneDto, actor: Actor): Promise<MilestoneResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockForChange(tx, id, actor, dto.version);
      const before = await this.milestones.findOne(id, tx);
      const status = dto.status ?? current.status;
      const completedOn = this.completedOn(status, dto.completedOn, current.status, current.completed_on);
      await this.assertAreaExists(tx, dto.area);
      await this.bumpVersion(tx, id, actor, [...Object.entries(columnValues(dto)), ['completed_on', completedOn]]);
      // A new due date, done or cancelled: the milestone's reminders move in this transaction.
      await this.reminders.replan(tx, [current.agreement_id]);
      await this.recordChange(tx, actor, 'milestone.update', current.agreement_id, before);
    });
    return this.milestones.findOne(id);
  }

  /** Archiving hides a milestone from lists; nothing is ever deleted. */
  async setArchived(id: string, archived: boolean, actor: Actor, version?: number): Promise<MilestoneResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lock(tx, id, actor, version);
      this.assertAgreementLive(id, current);
      if ((current.archived_at !== null) === archived) {
        throw new DomainError('ARCHIVED', `Milestone ${id} is ${archived ? 'already archived' : 'not archived'}`);
      }
      const before = await this.milestones.findOne(id, tx);
      await this.bumpVersion(tx, id, actor, [
        ['archived_at', archived ? this.clock.now() : null],
        ['archived_by', archived ? actor.email : null],
      ]);
      await this.reminders.replan(tx, [current.agreement_id]);
      await this.recordChange(
        tx,
        actor,
        archived ? 'milestone.archive' : 'milestone.restore',
        current.agreement_id,
        before,
      );
    });
    return this.milestones.findOne(id);
  }

  /** The audit event of a change: the fields that differ between `before` and the milestone now. */
  private async recordChange(
    tx: EntityManager,
    actor: Actor,
    action: string,
    agreementId: string,
    before: MilestoneResponse,
  ): Promise<void> {
    const changed = changedFields(before, await this.milestones.findOne(before.id, tx));
    await this.audit.record(tx, actor, {
      action,
      entityType: 'milestone',
      entityId: before.id,
      ...changed,
      metadata: { agreementId },
    });
  }

  /**
   * The completion date the check constraint allows: set exactly when done. Becoming done
   * without one records today; leaving done clears it; a date on an open milestone is a 400.
   */
  private completedOn(
    status: MilestoneStatus,
    sent: string | null | undefined,
    wasStatus: MilestoneStatus | null,
    was: string | null,
  ): string | null {
    if (status !== 'done') {
      if (sent) throw DomainError.invalid([{ field: 'completedOn', message: 'can be set only when status is done' }]);
      return null;
    }
    if (sent === null) {
      throw DomainError.invalid([{ field: 'completedOn', message: 'cannot be cleared while status is done' }]);
    }
    return sent ?? (wasStatus === 'done' ? was : null) ?? this.clock.today();
  }

  /** Locks the row (and shares the agreement's); a stale version is a 409 carrying the current record. */
  private lock(tx: EntityManager, id: string, actor: Actor, version?: number): Promise<LockedMilestone> {
    return lockVersioned({
      what: 'Milestone',
      id,
      version,
      lock: () => this.milestones.lock(tx, id),
      // A milestone is kept by whoever keeps its agreement.
      check: (row) => assertMayKeepRecordsOf(actor, row.lead_agency),
      current: () => this.milestones.findOne(id, tx),
    });
  }

  private async lockForChange(tx: EntityManager, id: string, actor: Actor, version: number): Promise<LockedMilestone> {
    const current = await this.lock(tx, id, actor, version);
    this.assertAgreementLive(id, current);
    if (current.archived_at) {
      throw new DomainError('ARCHIVED', `Milestone ${id} is archived; restore it before changing it`);
    }
    return current;
  }

  private assertAgreementLive(id: string, current: LockedMilestone): void {
    if (current.agreement_archived_at) {
      throw new DomainError('ARCHIVED', `The agreement of milestone ${id} is archived; restore it first`);
    }
  }

  private async bumpVersion(
    tx: EntityManager,
    id: string,
    actor: Actor,
    changes: ReadonlyArray<readonly [string, unknown]>,
  ): Promise<void> {
    await this.milestones.update(tx, id, actor.email, changes);
  }

  private async assertAreaExists(tx: EntityManager, area: string | null | undefined): Promise<void> {
    if (!area) return;
    if (!(await this.areas.existing(tx, [area])).has(area)) {
      throw DomainError.invalid([
        { field: 'area', message: `"${area}" is not a cooperation area (see GET /cooperation-areas)` },
      ]);
    }
  }
}

/** The columns a DTO sets; fields left out are left alone, fields sent as null are cleared. */
function columnValues(dto: Partial<Record<WritableMilestoneField, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(milestoneWritableColumns)
      .filter(([field]) => dto[field as WritableMilestoneField] !== undefined)
      .map(([field, column]) => [column, dto[field as WritableMilestoneField]]),
  );
}
