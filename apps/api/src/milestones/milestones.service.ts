import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, type MilestoneStatus, type Actor, assertMayKeepRecordsOf } from '@mou/domain';
import { ReminderPlanner } from '@mou/reminders';
import { changedFields } from '../audit/audit-changes.js';
import { AuditService } from '@mou/audit';
import { CreateMilestoneDto } from './dto/create-milestone.dto.js';
import { MilestoneResponse } from './dto/milestone.response.js';
import { UpdateMilestoneDto } from './dto/update-milestone.dto.js';
import { MilestonesQuery } from './milestones.query.js';
import { type WritableMilestoneField, milestoneWritableColumns } from './milestone-columns.js';

interface LockedMilestone {
  id: string;
  agreement_id: string;
  version: number;
  status: MilestoneStatus;
  completed_on: string | null;
  archived_at: Date | null;
  agreement_archived_at: Date | null;
  lead_agency: string;
}

@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly query: MilestonesQuery,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
    private readonly audit: AuditService,
  ) {}

  async create(agreementId: string, dto: CreateMilestoneDto, actor: Actor): Promise<MilestoneResponse> {
    const status = dto.status ?? 'planned';
    const completedOn = this.completedOn(status, dto.completedOn, null, null);
    const id = await this.db.transaction(async (tx) => {
      // FOR SHARE: the agreement cannot be archived while its new milestone is written.
      const [agreement] = await tx.query('SELECT archived_at, lead_agency FROM agreement WHERE id = $1 FOR SHARE', [
        agreementId,
      ]);
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
      const columns = Object.keys(values);
      const [row] = await tx.query(
        `INSERT INTO milestone (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        Object.values(values),
      );
      await this.reminders.replan(tx, [agreementId]);
      await this.audit.record(tx, actor, {
        action: 'milestone.create',
        entityType: 'milestone',
        entityId: row.id,
        after: await this.query.findOne(row.id, tx),
        metadata: { agreementId },
      });
      return row.id as string;
    });
    return this.query.findOne(id);
  }

  async update(id: string, dto: UpdateMilestoneDto, actor: Actor): Promise<MilestoneResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockForChange(tx, id, actor, dto.version);
      const before = await this.query.findOne(id, tx);
      const status = dto.status ?? current.status;
      const completedOn = this.completedOn(status, dto.completedOn, current.status, current.completed_on);
      await this.assertAreaExists(tx, dto.area);
      await this.bumpVersion(tx, id, actor, [...Object.entries(columnValues(dto)), ['completed_on', completedOn]]);
      // A new due date, done or cancelled: the milestone's reminders move in this transaction.
      await this.reminders.replan(tx, [current.agreement_id]);
      await this.recordChange(tx, actor, 'milestone.update', current.agreement_id, before);
    });
    return this.query.findOne(id);
  }

  /** Archiving hides a milestone from lists; nothing is ever deleted. */
  async setArchived(id: string, archived: boolean, actor: Actor, version?: number): Promise<MilestoneResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lock(tx, id, actor, version);
      this.assertAgreementLive(id, current);
      if ((current.archived_at !== null) === archived) {
        throw new DomainError('ARCHIVED', `Milestone ${id} is ${archived ? 'already archived' : 'not archived'}`);
      }
      const before = await this.query.findOne(id, tx);
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
    return this.query.findOne(id);
  }

  /** The audit event of a change: the fields that differ between `before` and the milestone now. */
  private async recordChange(
    tx: EntityManager,
    actor: Actor,
    action: string,
    agreementId: string,
    before: MilestoneResponse,
  ): Promise<void> {
    const changed = changedFields(before, await this.query.findOne(before.id, tx));
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
  private async lock(tx: EntityManager, id: string, actor: Actor, version?: number): Promise<LockedMilestone> {
    const rows: LockedMilestone[] = await tx.query(
      `SELECT m.id, m.agreement_id, m.version, m.status, m.completed_on, m.archived_at,
              a.archived_at AS agreement_archived_at, a.lead_agency
         FROM milestone m JOIN agreement a ON a.id = m.agreement_id
        WHERE m.id = $1 FOR UPDATE OF m FOR SHARE OF a`,
      [id],
    );
    if (!rows.length) throw DomainError.notFound('Milestone', id);
    // A milestone is kept by whoever keeps its agreement.
    assertMayKeepRecordsOf(actor, rows[0].lead_agency);
    if (version !== undefined && rows[0].version !== version) {
      // Through the transaction: a second pool connection could wait on this very lock.
      throw DomainError.versionConflict('Milestone', id, version, await this.query.findOne(id, tx));
    }
    return rows[0];
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
    const sets = changes.map(([column], i) => `${column} = $${i + 3}`);
    await tx.query(
      `UPDATE milestone SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')} WHERE id = $1`,
      [id, actor.email, ...changes.map(([, value]) => value)],
    );
  }

  private async assertAreaExists(tx: EntityManager, area: string | null | undefined): Promise<void> {
    if (!area) return;
    const found = await tx.query('SELECT 1 FROM cooperation_area WHERE code = $1', [area]);
    if (!found.length) {
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
