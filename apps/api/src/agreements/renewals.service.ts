import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, DomainError, effectiveStatus, termMonthsBetween, type Actor, type AgreementStatus } from '@mou/domain';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementTermsRepository } from './agreement-terms.repository.js';
import { AgreementsRepository, type LockedAgreement } from './agreements.repository.js';
import { AgreementsService, statusFacts } from './agreements.service.js';
import { AgreementResponse } from './dto/agreement.response.js';
import { AgreementTermResponse, DecisionDto, RenewalDto, TerminationDto } from './dto/renewals.dto.js';

/** Renewal decisions, renewals for a further term, termination by notice, and the term history. */
@Injectable()
export class RenewalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agreements: AgreementsService,
    private readonly records: AgreementsRepository,
    private readonly termRows: AgreementTermsRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderPlanner,
  ) {}

  /** Every term of an agreement, oldest first. */
  async terms(id: string): Promise<AgreementTermResponse[]> {
    await this.agreements.assertExists(id);
    const rows = await this.termRows.list(id);
    return rows.map((r, i) => ({
      id: r.id,
      seq: r.seq,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      origin: r.origin,
      startsFrom: r.origin === 'original' ? 'entry-into-force' : 'previous-term',
      termMonths: termMonthsBetween(r.starts_on, r.ends_on),
      current: i === rows.length - 1,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    }));
  }

  /** Records a manager's decision about the current term; the term's notice reminders stop. */
  async decide(id: string, dto: DecisionDto, actor: Actor): Promise<AgreementResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.agreements.lockForChange(tx, id, actor, dto.version);
      this.assertStatus(current, ['in-force'], 'decided on');
      const before = await this.records.findOne(id, tx);
      await this.agreements.bumpVersion(tx, id, actor, [
        ['decision', dto.decision],
        ['decision_note', dto.note ?? null],
        ['decided_at', this.clock.now()],
        ['decided_by', actor.email],
        ['decision_term_starts_on', current.term_starts_on],
      ]);
      await this.reminders.replan(tx, [id]);
      await this.agreements.recordChange(tx, actor, 'agreement.decision', id, before, {
        decision: dto.decision,
        termStartsOn: current.term_starts_on,
      });
    });
    return this.records.findOne(id);
  }

  /**
   * Renews for a further term (same length unless termMonths says otherwise), starting
   * the day after the current last day: in force, or past its last day when the agreement
   * may be renewed at all.
   */
  async renew(id: string, dto: RenewalDto, actor: Actor): Promise<AgreementResponse> {
    await this.db.transaction(async (tx) => {
      const current = await this.agreements.lockForChange(tx, id, actor, dto.version);
      const status = this.statusOf(current);
      const lapsed = status === 'expired' && current.status === 'in-force' && current.renewal !== 'none';
      if (status !== 'in-force' && !lapsed) {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          status === 'expired'
            ? `Agreement ${current.reference} expired and its renewal mode is "${current.renewal}"; it cannot be renewed`
            : `An agreement that is ${status} cannot be renewed`,
          { allowed: [] },
        );
      }
      if (current.terminates_on) {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `Agreement ${current.reference} is being terminated (from ${current.terminates_on}); it cannot be renewed`,
          { allowed: [] },
        );
      }
      if (!current.expires_on) throw DomainError.invalid([{ field: 'effectiveOn', message: 'is not recorded' }]);
      const before = await this.records.findOne(id, tx);
      await this.agreements.syncTerms(tx, id, actor);
      const startsOn = await this.termRows.dayAfter(tx, current.expires_on);
      await this.agreements.bumpVersion(tx, id, actor, [
        ['term_started_on', startsOn],
        ['term_months', dto.termMonths ?? current.term_months],
        ['status', 'in-force'],
        ['decision', null],
        ['decision_note', null],
        ['decided_at', null],
        ['decided_by', null],
        ['decision_term_starts_on', null],
      ]);
      const term = await this.termRows.appendRenewal(tx, id, actor.email);
      await this.reminders.replan(tx, [id]);
      await this.agreements.recordChange(tx, actor, 'agreement.renewal', id, before, {
        seq: term.seq,
        startsOn: term.starts_on,
        endsOn: term.ends_on,
      });
    });
    return this.records.findOne(id);
  }

  /** Records a termination by notice: the agreement reads terminated from effectiveOn on. */
  async terminate(id: string, dto: TerminationDto, actor: Actor): Promise<AgreementResponse> {
    if (dto.effectiveOn < dto.noticeGivenOn) {
      throw DomainError.invalid([
        { field: 'effectiveOn', message: `must not be before noticeGivenOn (${dto.noticeGivenOn})` },
      ]);
    }
    await this.db.transaction(async (tx) => {
      const current = await this.agreements.lockForChange(tx, id, actor, dto.version);
      this.assertStatus(current, ['in-force', 'signed'], 'terminated by notice');
      if (current.terminates_on) {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `Agreement ${current.reference} already has a termination recorded (from ${current.terminates_on})`,
          { allowed: [] },
        );
      }
      const before = await this.records.findOne(id, tx);
      await this.agreements.bumpVersion(tx, id, actor, [
        ['termination_notice_on', dto.noticeGivenOn],
        ['terminates_on', dto.effectiveOn],
      ]);
      await this.reminders.replan(tx, [id]);
      await this.agreements.recordChange(tx, actor, 'agreement.termination', id, before, {
        noticeGivenOn: dto.noticeGivenOn,
        effectiveOn: dto.effectiveOn,
        note: dto.note ?? null,
      });
    });
    return this.records.findOne(id);
  }

  private statusOf(row: LockedAgreement): AgreementStatus {
    return effectiveStatus(row.status, row.expires_on, this.clock.today(), statusFacts(row));
  }

  private assertStatus(row: LockedAgreement, allowed: AgreementStatus[], what: string): void {
    const status = this.statusOf(row);
    if (!allowed.includes(status)) {
      throw new DomainError(
        'ILLEGAL_TRANSITION',
        `An agreement that is ${status} cannot be ${what}; it must be ${allowed.join(' or ')}`,
        { allowed: [] },
      );
    }
  }
}
