import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@mou/audit';
import {
  type Actor,
  type AgreementStatus,
  canTransition,
  effectiveStatus,
  lastDayInForce,
  mayKeepRecordsOf,
  stageDateProblems,
} from '@mou/domain';
import { statusFacts, type LockedAgreement } from '../agreements/agreements.service.js';
import type { StoredProblem } from './import-messages.js';
import type {
  ActionCounts,
  AgreementWrite,
  ColumnValues,
  ExistingAgreement,
  ExistingMilestone,
  ImportSummary,
  MilestoneWrite,
  ReportRow,
} from './imports.repository.js';
import type { ImportMapping, ParsedRow } from './row-parser.js';
import { agreementWritableColumns } from '../agreements/agreement-columns.js';
import { milestoneWritableColumns } from '../milestones/milestone-columns.js';

/**
 * API field → column of the agreement table, for the fields an import writes: what a PATCH
 * writes, less the links and reminder policy a sheet does not carry, plus the external id
 * and the status (an import may bring a record in at any stage).
 */
const {
  reminderPolicy: _policy,
  amendsId: _amends,
  supersedesId: _supersedes,
  ...patchable
} = agreementWritableColumns;
export const agreementColumns: Record<string, string> = { ...patchable, externalId: 'external_id', status: 'status' };

/** The same for milestones: what an officer writes, plus the external id and completion date. */
export const milestoneColumns: Record<string, string> = {
  ...milestoneWritableColumns,
  externalId: 'external_id',
  completedOn: 'completed_on',
};

/** Fields an empty cell clears (to null, or to no items); the others an empty cell leaves alone. */
const clearable = new Set([
  'titleEn',
  'titleTh',
  'summary',
  'cabinetApprovedOn',
  'cabinetResolutionRef',
  'signedOn',
  'signedPlace',
  'effectiveOn',
  'description',
  'area',
  'ownerAgency',
  'targetValue',
  'actualValue',
  'unit',
  'completedOn',
]);
const listFields = new Set(['areas', 'contacts', 'sourceUrls', 'tags']);

export interface PlannedRow {
  role: 'agreements' | 'milestones';
  sheet: string;
  rowNumber: number;
  action: ReportRow['action'];
  key: string | null;
  /** The record it writes: an existing one, or a new id chosen now. */
  id: string;
  agreementId: string | null;
  version: number | null;
  target: Record<string, unknown>;
  changes: ReportRow['changes'];
  problems: StoredProblem[];
}

/** What a planner needs besides the rows: who imports, under which mapping, and the defaults. */
export interface PlanContext {
  mapping: ImportMapping;
  sha256: string;
  actor: Actor;
  today: string;
  defaults: { termMonths: number; noticeDays: number };
}

/** The references and external ids a batch of rows names, to look their agreements up in one statement. */
export function agreementKeys(rows: ParsedRow[]): { references: string[]; externalIds: string[] } {
  const references = new Set<string>();
  const externalIds = new Set<string>();
  for (const row of rows) {
    if (row.role === 'agreements') {
      if (typeof row.values.reference === 'string') references.add(row.values.reference);
      if (typeof row.values.externalId === 'string') externalIds.add(row.values.externalId);
    } else if (typeof row.values.agreement === 'string') {
      references.add(row.values.agreement.toUpperCase());
      externalIds.add(row.values.agreement);
    }
  }
  return { references: [...references], externalIds: [...externalIds] };
}

function existingAgreementFields(a: ExistingAgreement): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(agreementColumns)) fields[field] = a[column as keyof ExistingAgreement];
  fields.parties = a.parties.map((p) => ({ country: p.country, organization: p.organization }));
  fields.areas = [...a.area_codes].sort();
  return fields;
}

function existingMilestoneFields(m: ExistingMilestone): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(milestoneColumns)) fields[field] = m[column as keyof ExistingMilestone];
  return fields;
}

/** Months m for which the term ending on `lastDay` runs from `effectiveOn`, if any (the domain's own rule). */
function termEndingOn(effectiveOn: string, lastDay: string): number | null {
  const guess =
    (Number(lastDay.slice(0, 4)) - Number(effectiveOn.slice(0, 4))) * 12 +
    Number(lastDay.slice(5, 7)) -
    Number(effectiveOn.slice(5, 7));
  for (const months of [guess, guess + 1, guess - 1]) {
    if (months >= 1 && months <= 1200 && lastDayInForce(effectiveOn, months) === lastDay) return months;
  }
  return null;
}

/**
 * Decides, row by row, what an import would do against the records as they are: create,
 * update (with each changed field), leave unchanged, or refuse with problems. Fed in
 * batches (all agreements before any milestone), it keeps only what later rows need: the
 * keys seen, the file's agreements by key, the running summary and fingerprint. The dry run
 * and the commit feed it the same file and compare fingerprints.
 */
export class ImportPlanner {
  readonly summary: ImportSummary = { agreements: counts(), milestones: counts(), problems: 0, rowsWithProblems: 0 };
  private readonly hash;
  private readonly seen = new Map<string, number>();
  private readonly inFile = new Map<string, { id: string; leadAgency: string | undefined }>();
  private readonly claimed = new Set<string>();
  private readonly seenMilestones = new Map<string, number>();

  constructor(private readonly context: PlanContext) {
    this.hash = createHash('sha256').update(context.sha256).update(canonicalJson(context.mapping));
  }

  private headingOf(role: 'agreements' | 'milestones', field: string): string | null {
    const columns = this.context.mapping[role]?.columns ?? {};
    return Object.keys(columns).find((heading) => columns[heading] === field) ?? null;
  }

  /** The fingerprint of everything planned so far (call once every row is planned). */
  fingerprint(): string {
    return this.hash.digest('hex');
  }

  /** Plans a batch of agreement rows against the agreements they name (`existing`). */
  agreements(rows: ParsedRow[], existingAgreements: ExistingAgreement[]): PlannedRow[] {
    const { actor } = this.context;
    const input = { ...this.context, existingAgreements };
    const headingOf = (role: 'agreements' | 'milestones', field: string) => this.headingOf(role, field);
    const problem = (
      role: 'agreements' | 'milestones',
      field: string | null,
      code: StoredProblem['code'],
      params?: StoredProblem['params'],
    ): StoredProblem => ({ field, column: field ? headingOf(role, field) : null, code, params });
    const seen = this.seen;
    const inFile = this.inFile;
    const byReference = new Map(input.existingAgreements.map((a) => [a.reference, a]));
    const byExternalId = new Map(input.existingAgreements.filter((a) => a.external_id).map((a) => [a.external_id!, a]));
    const planned: PlannedRow[] = [];

    for (const row of rows) {
      const v = { ...row.values };
      const problems = [...row.problems];
      const existing =
        (typeof v.reference === 'string' ? byReference.get(v.reference) : undefined) ??
        (typeof v.externalId === 'string' ? byExternalId.get(v.externalId) : undefined);
      const key = (v.reference as string | undefined) ?? (v.externalId as string | undefined) ?? null;
      for (const [field, value] of [
        ['reference', v.reference],
        ['externalId', v.externalId],
      ] as const) {
        if (typeof value !== 'string') continue;
        const earlier = seen.get(`${field}:${value}`);
        if (earlier !== undefined) problems.push(problem('agreements', field, 'duplicateRow', { value, row: earlier }));
        else seen.set(`${field}:${value}`, row.rowNumber);
      }
      if (v.status === 'expired') v.status = 'in-force';

      const before = existing ? existingAgreementFields(existing) : null;
      const target: Record<string, unknown> = before
        ? { ...before }
        : {
            status: 'draft',
            binding: false,
            renewal: 'none',
            termMonths: input.defaults.termMonths,
            noticeDays: input.defaults.noticeDays,
            areas: [],
            contacts: [],
            sourceUrls: [],
            tags: [],
            leadAgency: actor.role === 'officer' ? actor.agency : undefined,
          };
      for (const field of row.empty) {
        if (clearable.has(field)) target[field] = null;
        else if (listFields.has(field)) target[field] = [];
      }
      const lastDay = v.lastDay as string | undefined;
      delete v.lastDay;
      Object.assign(target, v);
      if (Array.isArray(target.areas)) target.areas = [...(target.areas as string[])].sort();

      if (lastDay) {
        const effectiveOn = target.effectiveOn as string | null;
        if (!effectiveOn) problems.push(problem('agreements', 'lastDay', 'lastDayWithoutStart'));
        else if (v.termMonths !== undefined) {
          const expected = lastDayInForce(effectiveOn, v.termMonths as number);
          if (expected !== lastDay) {
            problems.push(
              problem('agreements', 'lastDay', 'lastDayMismatch', {
                value: lastDay,
                months: v.termMonths as number,
                effectiveOn,
                expected,
              }),
            );
          }
        } else {
          const months = termEndingOn(effectiveOn, lastDay);
          if (months === null)
            problems.push(problem('agreements', 'lastDay', 'lastDayNotWholeMonths', { value: lastDay, effectiveOn }));
          else target.termMonths = months;
        }
      }

      const parties = v.parties as Array<{ country: string; organization: string }> | undefined;
      // A sheet that lists only the counterpart: the lead agency is Thailand's party.
      if (parties?.length === 1 && parties[0].country !== 'TH' && typeof target.leadAgency === 'string') {
        target.parties = [{ country: 'TH', organization: target.leadAgency }, ...parties];
      }
      if (!target.kind) problems.push(problem('agreements', 'kind', 'required'));
      if (!target.leadAgency) problems.push(problem('agreements', 'leadAgency', 'required'));
      if (!target.parties) problems.push(problem('agreements', 'parties', 'required'));
      else if ((target.parties as unknown[]).length < 2)
        problems.push(problem('agreements', 'parties', 'tooFewParties'));
      if (!target.titleEn && !target.titleTh)
        problems.push(problem('agreements', headingOf('agreements', 'titleTh') ? 'titleTh' : 'titleEn', 'noTitle'));

      if (existing?.archived_at)
        problems.push(problem('agreements', 'reference', 'archived', { value: existing.reference }));
      if (
        existing &&
        v.reference === existing.reference &&
        v.externalId &&
        existing.external_id &&
        existing.external_id !== v.externalId
      ) {
        problems.push(
          problem('agreements', 'reference', 'referenceTaken', {
            value: existing.reference,
            externalId: existing.external_id,
          }),
        );
      }
      for (const agency of new Set([existing?.lead_agency, target.leadAgency as string | undefined])) {
        if (agency && !mayKeepRecordsOf(actor, agency)) {
          problems.push(problem('agreements', 'leadAgency', 'otherAgency', { agency, own: actor.agency ?? '-' }));
        }
      }
      const status = target.status as AgreementStatus;
      if (existing && status !== existing.status) {
        const from = effectiveStatus(
          existing.status,
          existing.expires_on,
          input.today,
          statusFacts(existing as unknown as LockedAgreement),
        );
        if (from !== status && !canTransition(from, status)) {
          problems.push(problem('agreements', 'status', 'illegalTransition', { from, to: status }));
        }
      }
      for (const p of stageDateProblems(status, target)) {
        if (p.field === 'effectiveOn' && p.message.startsWith('must not be before')) {
          problems.push(
            problem('agreements', 'effectiveOn', 'effectiveBeforeSigned', {
              value: String(target.effectiveOn),
              signedOn: String(target.signedOn),
            }),
          );
        } else {
          problems.push(problem('agreements', p.field, 'requiredForStatus', { status }));
        }
      }

      const changes = before ? diff(before, target, 'agreements', headingOf) : [];
      const plannedRow: PlannedRow = {
        role: 'agreements',
        sheet: row.sheet,
        rowNumber: row.rowNumber,
        action: problems.length ? 'problem' : !existing ? 'create' : changes.length ? 'update' : 'unchanged',
        key,
        id: existing?.id ?? randomUUID(),
        agreementId: null,
        version: existing?.version ?? null,
        target,
        changes,
        problems,
      };
      planned.push(this.count(plannedRow));
      const known = { id: plannedRow.id, leadAgency: target.leadAgency as string | undefined };
      if (typeof v.reference === 'string') inFile.set(v.reference, known);
      if (typeof v.externalId === 'string') inFile.set(v.externalId, known);
    }
    return planned;
  }

  /**
   * Plans a batch of milestone rows: `existingAgreements` are the register's agreements they
   * name, `existingMilestones` those agreements' milestones.
   */
  milestones(
    rows: ParsedRow[],
    existingAgreements: ExistingAgreement[],
    existingMilestones: ExistingMilestone[],
  ): PlannedRow[] {
    const { actor } = this.context;
    const input = this.context;
    const problem = (
      role: 'agreements' | 'milestones',
      field: string | null,
      code: StoredProblem['code'],
      params?: StoredProblem['params'],
    ): StoredProblem => ({ field, column: field ? this.headingOf(role, field) : null, code, params });
    const headingOf = (role: 'agreements' | 'milestones', field: string) => this.headingOf(role, field);
    const byReference = new Map(existingAgreements.map((a) => [a.reference, a]));
    const byExternalId = new Map(existingAgreements.filter((a) => a.external_id).map((a) => [a.external_id!, a]));
    const inFile = this.inFile;
    const claimed = this.claimed;
    const seenMilestones = this.seenMilestones;
    const planned: PlannedRow[] = [];
    const milestonesOf = new Map<string, ExistingMilestone[]>();
    for (const m of existingMilestones) {
      const list = milestonesOf.get(m.agreement_id);
      if (list) list.push(m);
      else milestonesOf.set(m.agreement_id, [m]);
    }
    for (const row of rows) {
      const v = { ...row.values };
      const problems = [...row.problems];
      const named = v.agreement as string | undefined;
      delete v.agreement;
      const fromFile = named ? (inFile.get(named.toUpperCase()) ?? inFile.get(named)) : undefined;
      const fromRegister = named ? (byReference.get(named.toUpperCase()) ?? byExternalId.get(named)) : undefined;
      const agreementId = fromFile?.id ?? fromRegister?.id ?? null;
      const leadAgency = fromFile ? fromFile.leadAgency : fromRegister?.lead_agency;
      if (!named) problems.push(problem('milestones', 'agreement', 'required'));
      else if (!agreementId) problems.push(problem('milestones', 'agreement', 'unknownAgreement', { value: named }));
      if (fromRegister?.archived_at && !fromFile)
        problems.push(problem('milestones', 'agreement', 'archived', { value: fromRegister.reference }));
      if (leadAgency && !mayKeepRecordsOf(actor, leadAgency)) {
        problems.push(
          problem('milestones', 'agreement', 'otherAgency', { agency: leadAgency, own: actor.agency ?? '-' }),
        );
      }

      const title = typeof v.title === 'string' ? v.title : null;
      const candidates = agreementId ? (milestonesOf.get(agreementId) ?? []) : [];
      const existing =
        typeof v.externalId === 'string'
          ? candidates.find((m) => m.external_id === v.externalId)
          : candidates.find(
              (m) =>
                !claimed.has(m.id) &&
                !m.archived_at &&
                title &&
                m.title.toLocaleLowerCase('en') === title.toLocaleLowerCase('en'),
            );
      const key = (v.externalId as string | undefined) ?? title;
      const dupKey = `${agreementId}:${v.externalId ?? `title:${title?.toLocaleLowerCase('en')}`}`;
      const earlier = seenMilestones.get(dupKey);
      if (agreementId && earlier !== undefined) {
        problems.push(
          problem('milestones', v.externalId ? 'externalId' : 'title', 'duplicateRow', {
            value: String(key),
            row: earlier,
          }),
        );
      } else seenMilestones.set(dupKey, row.rowNumber);
      if (existing) claimed.add(existing.id);
      if (existing?.archived_at) problems.push(problem('milestones', 'title', 'archived', { value: existing.title }));

      const before = existing ? existingMilestoneFields(existing) : null;
      const target: Record<string, unknown> = before ? { ...before } : { status: 'planned' };
      for (const field of row.empty) if (clearable.has(field)) target[field] = null;
      Object.assign(target, v);
      if (!target.title) problems.push(problem('milestones', 'title', 'required'));
      if (!target.dueOn) problems.push(problem('milestones', 'dueOn', 'required'));
      if (target.status === 'done') {
        target.completedOn ??= existing?.status === 'done' ? existing.completed_on : input.today;
      } else if (target.completedOn) {
        if (v.completedOn) problems.push(problem('milestones', 'completedOn', 'completedNotDone'));
        else target.completedOn = null;
      }

      const changes = before ? diff(before, target, 'milestones', headingOf) : [];
      planned.push(
        this.count({
          role: 'milestones',
          sheet: row.sheet,
          rowNumber: row.rowNumber,
          action: problems.length ? 'problem' : !existing ? 'create' : changes.length ? 'update' : 'unchanged',
          key: named ? `${named} / ${key ?? ''}` : key,
          id: existing?.id ?? randomUUID(),
          agreementId,
          version: existing?.version ?? null,
          target,
          changes,
          problems,
        }),
      );
    }
    return planned;
  }

  /**
   * Counts a planned row into the summary and the fingerprint: what the commit must find
   * again is each row's action, record, record version and changes (new records' ids are
   * chosen afresh each time and left out).
   */
  private count(row: PlannedRow): PlannedRow {
    this.summary[row.role][row.action]++;
    this.summary.problems += row.problems.length;
    if (row.problems.length) this.summary.rowsWithProblems++;
    this.hash.update(
      canonicalJson([
        row.sheet,
        row.rowNumber,
        row.action,
        row.action === 'create' ? null : row.id,
        row.version,
        row.changes,
        row.problems.length,
      ]),
    );
    return row;
  }
}

const counts = (): ActionCounts => ({ create: 0, update: 0, unchanged: 0, problem: 0 });

function diff(
  before: Record<string, unknown>,
  target: Record<string, unknown>,
  role: 'agreements' | 'milestones',
  headingOf: (role: 'agreements' | 'milestones', field: string) => string | null,
): ReportRow['changes'] {
  return Object.keys(target)
    .filter((field) => canonicalJson(before[field] ?? null) !== canonicalJson(target[field] ?? null))
    .map((field) => ({
      field,
      column: headingOf(role, field),
      before: before[field] ?? null,
      after: target[field] ?? null,
    }));
}

/** The rows a commit writes, as column values. */
export function writesOf(rows: PlannedRow[]): {
  createAgreements: AgreementWrite[];
  updateAgreements: Array<AgreementWrite & { before: ColumnValues }>;
  createMilestones: MilestoneWrite[];
  updateMilestones: Array<MilestoneWrite & { before: ColumnValues }>;
} {
  const toColumns = (fields: Record<string, unknown>, map: Record<string, string>) => {
    const columns: ColumnValues = {};
    for (const [field, value] of Object.entries(fields)) if (map[field]) columns[map[field]] = value ?? null;
    return columns;
  };
  const out: ReturnType<typeof writesOf> = {
    createAgreements: [],
    updateAgreements: [],
    createMilestones: [],
    updateMilestones: [],
  };
  for (const row of rows) {
    if (row.role === 'agreements') {
      if (row.action === 'create') {
        const columns = toColumns(row.target, agreementColumns);
        for (const column of Object.values(agreementColumns)) columns[column] ??= null;
        // area_codes as the agreement_area trigger would set it, so it does not write the row again.
        columns.area_codes = (row.target.areas as string[]) ?? [];
        out.createAgreements.push({ id: row.id, columns, areas: (row.target.areas as string[]) ?? [] });
      } else if (row.action === 'update') {
        const changed = Object.fromEntries(row.changes.map((c) => [c.field, c.after]));
        const was = Object.fromEntries(row.changes.map((c) => [c.field, c.before]));
        out.updateAgreements.push({
          id: row.id,
          columns: toColumns(changed, agreementColumns),
          areas: 'areas' in changed ? (changed.areas as string[]) : null,
          before: { ...toColumns(was, agreementColumns), ...('areas' in was ? { areas: was.areas } : {}) },
        });
      }
    } else if (row.action === 'create') {
      const columns = toColumns(row.target, milestoneColumns);
      for (const column of Object.values(milestoneColumns)) columns[column] ??= null;
      out.createMilestones.push({ id: row.id, columns: { ...columns, agreement_id: row.agreementId } });
    } else if (row.action === 'update') {
      const changed = Object.fromEntries(row.changes.map((c) => [c.field, c.after]));
      const was = Object.fromEntries(row.changes.map((c) => [c.field, c.before]));
      out.updateMilestones.push({
        id: row.id,
        columns: toColumns(changed, milestoneColumns),
        before: toColumns(was, milestoneColumns),
      });
    }
  }
  return out;
}
