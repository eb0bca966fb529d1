import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { agreementsConfig } from '@mou/config';
import { pgError, PgErrorCode, type Queryable } from '@mou/database';
import {
  allowedTransitions,
  canTransition,
  Clock,
  DomainError,
  effectiveStatus,
  referencePrefix,
  stageDateProblems,
  type AgreementKind,
  type Actor,
  assertMayKeepRecordsOf,
  latestDate,
  mayKeepRecordsOf,
} from '@mou/domain';
import { ReminderPlanner } from '@mou/reminders';
import { changedFields } from '../audit/audit-changes.js';
import { type AuditEventInput, AuditService } from '@mou/audit';
import { CooperationAreasRepository } from '../cooperation-areas/cooperation-areas.repository.js';
import { lockVersioned } from '../common/lock-versioned.js';
import { AgreementTermsRepository } from './agreement-terms.repository.js';
import { AgreementsRepository, type ColumnChange, type LockedAgreement } from './agreements.repository.js';
import { AgreementPage, AgreementResponse } from './dto/agreement.response.js';
import { CreateAgreementDto } from './dto/create-agreement.dto.js';
import type { ListAgreementsQuery } from './dto/list-agreements.query.js';
import { TransitionDto } from './dto/transition.dto.js';
import { UpdateAgreementDto } from './dto/update-agreement.dto.js';
import { agreementWritableColumns as writableColumns } from './agreement-columns.js';

export type { LockedAgreement };

/** What effectiveStatus() needs besides status and expiry, from a locked row. */
export function statusFacts(row: LockedAgreement) {
  const stopped =
    (row.decision === 'let-expire' || row.decision === 'terminate') &&
    row.decision_term_starts_on === row.term_starts_on;
  return { terminatesOn: row.terminates_on, rollsOver: row.renewal === 'automatic' && !stopped };
}

@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agreements: AgreementsRepository,
    private readonly terms: AgreementTermsRepository,
    private readonly areas: CooperationAreasRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
    @Inject(agreementsConfig.KEY) private readonly config: ConfigType<typeof agreementsConfig>,
    private readonly audit: AuditService,
  ) {}

  list(query: ListAgreementsQuery): Promise<AgreementPage> {
    return this.agreements.list(query);
  }

  /** One agreement; pass the transaction's manager when called inside one. */
  findOne(id: string, runner?: Queryable): Promise<AgreementResponse> {
    return this.agreements.findOne(id, runner);
  }

  /** A 404 for an agreement that does not exist (archived ones do), without reading it whole. */
  async assertExists(id: string): Promise<void> {
    if (!(await this.agreements.exists(id))) throw DomainError.notFound('Agreement', id);
  }

  async create(dto: CreateAgreementDto, actor: Actor): Promise<AgreementResponse> {
    assertMayKeepRecordsOf(actor, dto.leadAgency);
    const status = dto.status ?? 'draft';
    const problems = [...titleProblems(dto.titleEn, dto.titleTh), ...stageDateProblems(status, dto)];
    if (problems.length) throw DomainError.invalid(problems);

    const id = await this.db.transaction(async (tx) => {
      await this.assertAreasExist(tx, dto.areas ?? []);
      await this.assertLinks(tx, null, dto, actor);
      const reference =
        dto.reference ?? (await this.nextReference(tx, dto.kind, referenceYear(dto, this.clock.today())));
      const values = {
        ...Object.fromEntries(
          Object.entries(writableColumns)
            .filter(([field]) => dto[field as keyof CreateAgreementDto] !== undefined)
            .map(([field, column]) => [column, columnValue(field, dto[field as keyof CreateAgreementDto])]),
        ),
        reference,
        term_months: dto.termMonths ?? this.config.defaultTermMonths,
        notice_days: dto.noticeDays ?? this.config.defaultNoticeDays,
        status,
        created_by: actor.email,
        updated_by: actor.email,
      };
      const newId = await this.write(() => this.agreements.insert(tx, values));
      await this.replaceAreas(tx, newId, dto.areas ?? []);
      await this.syncTerms(tx, newId, actor);
      const superseded = await this.supersede(tx, newId, dto, actor);
      await this.reminders.replan(tx, [newId]);
      const after = await this.agreements.findOne(newId, tx);
      if (superseded) await this.audit.record(tx, actor, superseded);
      await this.audit.record(tx, actor, {
        action: 'agreement.create',
        entityType: 'agreement',
        entityId: newId,
        after,
      });
      return newId;
    });
    return this.agreements.findOne(id);
  }

  async update(id: string, dto: UpdateAgreementDto, actor: Actor): Promise<AgreementResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockForChange(tx, id, actor, dto.version);
      if (dto.leadAgency) assertMayKeepRecordsOf(actor, dto.leadAgency);
      const before = await this.agreements.findOne(id, tx);
      const merged = {
        titleEn: dto.titleEn === undefined ? current.title_en : dto.titleEn,
        titleTh: dto.titleTh === undefined ? current.title_th : dto.titleTh,
        cabinetApprovedOn: dto.cabinetApprovedOn === undefined ? current.cabinet_approved_on : dto.cabinetApprovedOn,
        signedOn: dto.signedOn === undefined ? current.signed_on : dto.signedOn,
        effectiveOn: dto.effectiveOn === undefined ? current.effective_on : dto.effectiveOn,
      };
      const problems = [...titleProblems(merged.titleEn, merged.titleTh), ...stageDateProblems(current.status, merged)];
      if (problems.length) throw DomainError.invalid(problems);
      await this.assertLinks(tx, id, dto, actor);
      if (dto.areas) {
        await this.assertAreasExist(tx, dto.areas);
        await this.replaceAreas(tx, id, dto.areas);
      }
      const changes = Object.entries(writableColumns)
        .filter(([field]) => dto[field as keyof UpdateAgreementDto] !== undefined)
        .map(([field, column]) => [column, columnValue(field, dto[field as keyof UpdateAgreementDto])] as const);
      await this.bumpVersion(tx, id, actor, changes);
      await this.syncTerms(tx, id, actor);
      const superseded = dto.supersedesId !== current.supersedes_id ? await this.supersede(tx, id, dto, actor) : null;
      await this.reminders.replan(tx, [id]);
      if (superseded) await this.audit.record(tx, actor, superseded);
      await this.recordChange(tx, actor, 'agreement.update', id, before);
    });
    return this.agreements.findOne(id);
  }

  async transition(id: string, dto: TransitionDto, actor: Actor): Promise<AgreementResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockForChange(tx, id, actor, dto.version);
      const before = await this.agreements.findOne(id, tx);
      const from = effectiveStatus(current.status, current.expires_on, this.clock.today(), statusFacts(current));
      if (!canTransition(from, dto.to)) {
        const allowed = allowedTransitions[from];
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `An agreement that is ${from} cannot become ${dto.to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
          { allowed },
        );
      }
      const dates = {
        cabinetApprovedOn: dto.cabinetApprovedOn ?? current.cabinet_approved_on,
        signedOn: dto.signedOn ?? current.signed_on,
        effectiveOn: dto.effectiveOn ?? current.effective_on,
      };
      const problems = stageDateProblems(dto.to, dates);
      if (problems.length) throw DomainError.invalid(problems);
      const changes: ColumnChange[] = [
        ['status', dto.to],
        ['cabinet_approved_on', dates.cabinetApprovedOn],
        ['signed_on', dates.signedOn],
        ['effective_on', dates.effectiveOn],
      ];
      if (dto.cabinetResolutionRef) changes.push(['cabinet_resolution_ref', dto.cabinetResolutionRef]);
      if (dto.signedPlace) changes.push(['signed_place', dto.signedPlace]);
      await this.bumpVersion(tx, id, actor, changes);
      await this.reminders.replan(tx, [id]);
      await this.recordChange(tx, actor, 'agreement.status', id, before, { from, to: dto.to });
    });
    return this.agreements.findOne(id);
  }

  /** Archiving hides a record from lists; nothing is ever deleted. */
  async setArchived(id: string, archived: boolean, actor: Actor, version?: number): Promise<AgreementResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.lock(tx, id, actor, version);
      if ((current.archived_at !== null) === archived) {
        throw new DomainError('ARCHIVED', `Agreement ${id} is ${archived ? 'already archived' : 'not archived'}`);
      }
      const before = await this.agreements.findOne(id, tx);
      await this.bumpVersion(tx, id, actor, [
        ['archived_at', archived ? this.clock.now() : null],
        ['archived_by', archived ? actor.email : null],
      ]);
      await this.reminders.replan(tx, [id]);
      await this.recordChange(tx, actor, archived ? 'agreement.archive' : 'agreement.restore', id, before);
    });
    return this.agreements.findOne(id);
  }

  /**
   * Checks the agreements `dto` links to, and makes a superseded one `superseded` (its
   * reminders stop). Returns the audit event of the superseded one, for the caller to
   * record with its own at the end of the transaction.
   */
  private async supersede(
    tx: EntityManager,
    id: string,
    dto: { supersedesId?: string },
    actor: Actor,
  ): Promise<AuditEventInput | null> {
    if (!dto.supersedesId) return null;
    const old = await this.lockForChange(tx, dto.supersedesId, actor);
    const from = effectiveStatus(old.status, old.expires_on, this.clock.today(), statusFacts(old));
    if (from !== 'in-force' && from !== 'signed') {
      throw new DomainError(
        'ILLEGAL_TRANSITION',
        `supersedesId: agreement ${old.reference} is ${from}; only an agreement in force or signed can be superseded`,
        { errors: [{ field: 'supersedesId', message: `names an agreement that is ${from}` }], allowed: [] },
      );
    }
    const before = await this.agreements.findOne(old.id, tx);
    await this.bumpVersion(tx, old.id, actor, [['status', 'superseded']]);
    await this.reminders.replan(tx, [old.id]);
    const changed = changedFields(before, await this.agreements.findOne(old.id, tx));
    return {
      action: 'agreement.status',
      entityType: 'agreement',
      entityId: old.id,
      ...changed,
      metadata: { from, to: 'superseded', supersededBy: id },
    };
  }

  /**
   * The agreements a create or edit links to must exist and be other agreements, and be
   * ones the actor keeps: an amendment or a supersession changes what the earlier
   * agreement is, which only its own agency's officers (or a manager) may record.
   */
  private async assertLinks(
    tx: EntityManager,
    id: string | null,
    dto: { amendsId?: string | null; supersedesId?: string },
    actor: Actor,
  ): Promise<void> {
    for (const field of ['amendsId', 'supersedesId'] as const) {
      const target = dto[field];
      if (!target) continue;
      if (target === id) throw DomainError.invalid([{ field, message: 'must name another agreement, not itself' }]);
      const found = await this.agreements.leadAgencyOf(tx, target);
      if (!found) throw DomainError.invalid([{ field, message: `names no agreement (${target})` }]);
      if (!mayKeepRecordsOf(actor, found.lead_agency)) {
        throw new DomainError(
          'FORBIDDEN',
          `${field}: officers of ${actor.agency ?? 'no agency'} link only their own agency's agreements; this one belongs to ${found.lead_agency}`,
          { errors: [{ field, message: `names an agreement of ${found.lead_agency}, not of your agency` }] },
        );
      }
    }
  }

  /**
   * Keeps the term history in step with the record: the original term once the agreement
   * has a date of entry into force, and the current term's dates after an edit. Takes one
   * agreement or many (an import syncs all it wrote in two statements).
   */
  async syncTerms(tx: EntityManager, id: string | string[], actor: Actor): Promise<void> {
    const ids = Array.isArray(id) ? id : [id];
    if (!ids.length) return;
    await this.terms.sync(tx, ids, actor.email);
  }

  /** The audit event of a change: the fields that differ between `before` and the record now. */
  async recordChange(
    tx: EntityManager,
    actor: Actor,
    action: string,
    id: string,
    before: AgreementResponse,
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const changed = changedFields(before, await this.agreements.findOne(id, tx));
    await this.audit.record(tx, actor, { action, entityType: 'agreement', entityId: id, ...changed, metadata });
  }

  /** Locks the row for this transaction; a stale version is a 409 carrying the current record. */
  async lock(tx: EntityManager, id: string, actor: Actor, version?: number): Promise<LockedAgreement> {
    return lockVersioned({
      what: 'Agreement',
      id,
      version,
      lock: () => this.agreements.lock(tx, id),
      check: (row) => assertMayKeepRecordsOf(actor, row.lead_agency),
      current: () => this.agreements.findOne(id, tx),
    });
  }

  async lockForChange(tx: EntityManager, id: string, actor: Actor, version?: number): Promise<LockedAgreement> {
    const current = await this.lock(tx, id, actor, version);
    if (current.archived_at) {
      throw new DomainError('ARCHIVED', `Agreement ${id} is archived; restore it before changing it`);
    }
    return current;
  }

  async bumpVersion(tx: EntityManager, id: string, actor: Actor, changes: readonly ColumnChange[]): Promise<void> {
    await this.write(() => this.agreements.update(tx, id, actor.email, changes));
  }

  /**
   * Turns constraint violations the DTOs cannot see (a taken reference, a derived last day
   * past the register's span) into 4xx answers.
   */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const e = pgError(error);
      if (e.code === PgErrorCode.uniqueViolation && e.constraint === 'uq_agreement_reference') {
        throw new DomainError('DUPLICATE', 'reference is already used by another agreement', {
          errors: [{ field: 'reference', message: 'is already used by another agreement' }],
        });
      }
      if (e.code === PgErrorCode.checkViolation && e.constraint === 'ck_agreement_expires_on_span') {
        throw DomainError.invalid([
          {
            field: 'termMonths',
            message: `would put the last day in force after ${latestDate}, the latest date the register keeps`,
          },
        ]);
      }
      throw error;
    }
  }

  private async assertAreasExist(tx: EntityManager, areas: string[]): Promise<void> {
    if (!areas.length) return;
    const known = await this.areas.existing(tx, areas);
    const problems = areas
      .map((code, index) => ({ code, index }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, index }) => ({
        field: `areas.${index}`,
        message: `"${code}" is not a cooperation area (see GET /cooperation-areas)`,
      }));
    if (problems.length) throw DomainError.invalid(problems);
  }

  private async replaceAreas(tx: EntityManager, id: string, areas: string[]): Promise<void> {
    await this.agreements.replaceAreas(tx, id, areas);
  }

  /**
   * Next free reference for a kind and year, e.g. MOU-2017-0001. The counter row is
   * locked by the upsert, so concurrent creates get distinct numbers; numbers an officer
   * already typed by hand are skipped.
   */
  private async nextReference(tx: EntityManager, kind: AgreementKind, year: number): Promise<string> {
    const prefix = referencePrefix[kind];
    for (;;) {
      const n = await this.agreements.nextReferenceNumber(tx, prefix, year);
      const reference = `${prefix}-${year}-${String(n).padStart(4, '0')}`;
      if (!(await this.agreements.referenceTaken(tx, reference))) return reference;
    }
  }
}

function titleProblems(titleEn?: string | null, titleTh?: string | null) {
  return titleEn || titleTh
    ? []
    : [{ field: 'titleEn', message: 'or titleTh is required: an agreement needs a title' }];
}

/** The year a generated reference carries: signature, else entry into force, approval, or today. */
export function referenceYear(
  dto: Pick<CreateAgreementDto, 'signedOn' | 'effectiveOn' | 'cabinetApprovedOn'>,
  today: string,
): number {
  return Number((dto.signedOn ?? dto.effectiveOn ?? dto.cabinetApprovedOn ?? today).slice(0, 4));
}

function columnValue(field: string, value: unknown): unknown {
  return (field === 'parties' || field === 'reminderPolicy') && value !== null ? JSON.stringify(value) : value;
}
