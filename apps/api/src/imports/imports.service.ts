import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { type AuditEventInput, AuditService } from '@mou/audit';
import { agreementsConfig, importsConfig } from '@mou/config';
import { pgError, PgErrorCode } from '@mou/database';
import { type Actor, type AgreementKind, Clock, DomainError, referencePrefix } from '@mou/domain';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementsService, referenceYear } from '../agreements/agreements.service.js';
import { sniffSpreadsheet } from './file-sniffer.js';
import { fieldsOf, guessField, sheetRoleNames, sheetRoles, type SheetRole, foldHeading } from './import-fields.js';
import { agreementKeys, ImportPlanner, type PlannedRow, writesOf } from './import-planner.js';
import { type ImportLocale, problemSentence, problemText } from './import-messages.js';
import { type ImportRow, ImportsRepository, type ReportRow, type SheetInfo } from './imports.repository.js';
import { type ImportMapping, type ParsedRow, RowParser } from './row-parser.js';
import { detectCsvEncoding, readRows } from './spreadsheet.reader.js';
import { areaParser } from './value-parsers.js';

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

/**
 * Spreadsheet imports: upload (sniffed, bounded, mapping guessed), dry run (what each row
 * would do, nothing written), commit (exactly the dry run, one transaction), undo.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly repository: ImportsRepository,
    private readonly agreements: AgreementsService,
    private readonly reminders: ReminderPlanner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
    @Inject(agreementsConfig.KEY) private readonly agreementDefaults: ConfigType<typeof agreementsConfig>,
  ) {}

  async upload(file: UploadedFile, mappingId: string | null, actor: Actor): Promise<ImportRow> {
    const format = await sniffSpreadsheet(file.content, {
      maxUnzippedBytes: this.config.maxUnzippedBytes,
      maxEntries: this.config.maxZipEntries,
    });
    const sheets = await this.scan(file.content, format);
    if (!sheets.some((sheet) => !sheet.hidden && sheet.headers.length)) {
      throw new DomainError('UNREADABLE_FILE', 'The file has no rows to import', {
        errors: [{ field: 'file', message: 'has no header row' }],
      });
    }
    let mapping = guessMapping(sheets);
    if (mappingId) {
      const saved = await this.repository.findMapping(mappingId);
      if (!saved) throw DomainError.invalid([{ field: 'mappingId', message: `names no saved mapping (${mappingId})` }]);
      mapping = validateMapping(saved.columns as ImportMapping, sheets);
    }
    const id = await this.repository.insertImport({
      fileName: file.fileName.slice(0, 300),
      format,
      encoding: format === 'csv' ? detectCsvEncoding(file.content) : null,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
      sheets,
      mapping,
      mappingId,
      createdBy: actor.email,
      agency: actor.agency,
    });
    return (await this.repository.findImport(id))!;
  }

  async get(id: string, actor: Actor): Promise<ImportRow> {
    const row = await this.repository.findImport(id);
    if (!row) throw DomainError.notFound('Import', id);
    assertMayUse(row, actor);
    return row;
  }

  /** Officers see the imports they uploaded; managers every import. */
  list(limit: number, actor: Actor): Promise<ImportRow[]> {
    return this.repository.listImports(limit, actor.role === 'manager' ? null : actor.email);
  }

  async setMapping(id: string, mapping: ImportMapping, actor: Actor): Promise<ImportRow> {
    const row = await this.get(id, actor);
    assertState(row, ['uploaded', 'checked'], 'change its mapping');
    await this.repository.setMapping(id, validateMapping(mapping, row.sheets), null);
    return (await this.repository.findImport(id))!;
  }

  /** Plans every row against the register as it is and keeps the report; writes no record. */
  async dryRun(id: string, actor: Actor): Promise<ImportRow> {
    const row = await this.get(id, actor);
    assertState(row, ['uploaded', 'checked'], 'run it again');
    await this.phase(id, 'dry run', () =>
      this.repository.transaction(async (tx) => {
        await this.repository.clearReport(tx, id);
        let seq = 0;
        const planner = await this.planFile(tx, row, actor, false, async (planned) => {
          await this.repository.insertReportRows(tx, id, seq, reportRows(planned));
          seq += planned.length;
        });
        await this.repository.markChecked(tx, id, planner.fingerprint(), planner.summary);
      }),
    );
    return (await this.repository.findImport(id))!;
  }

  /** A page of the last dry run's rows, problems in the requester's language. */
  async report(
    id: string,
    actor: Actor,
    query: { actions?: string[]; after?: number; limit: number; withProblems?: boolean },
    locale: ImportLocale,
  ) {
    const row = await this.get(id, actor);
    if (!row.fingerprint) throw new DomainError('IMPORT_NOT_READY', 'Run a dry run first (POST /imports/:id/dry-run)');
    const rows = await this.repository.reportRows(id, {
      actions: query.actions,
      afterSeq: query.after ?? 0,
      limit: query.limit,
      withProblems: query.withProblems,
    });
    return {
      rows: rows.map((r) => localizeRow(r, locale)),
      nextAfter: rows.length === query.limit ? rows[rows.length - 1].seq : null,
    };
  }

  /** Problems by sheet and row number, in the requester's language, for the problems download. */
  async problemsBySheetRow(id: string, actor: Actor, locale: ImportLocale): Promise<Map<string, string>> {
    const row = await this.get(id, actor);
    if (!row.fingerprint) throw new DomainError('IMPORT_NOT_READY', 'Run a dry run first (POST /imports/:id/dry-run)');
    const problems = await this.repository.problemRows(id);
    return new Map(
      problems.map((p) => [
        `${p.sheet}\u0000${p.row_number}`,
        p.problems.map((x) => `${x.column ? `${x.column}: ` : ''}${problemText(x, locale)}`).join('\n'),
      ]),
    );
  }

  async content(id: string, actor: Actor): Promise<{ row: ImportRow; content: Buffer }> {
    const row = await this.get(id, actor);
    return { row, content: await this.repository.importContent(id) };
  }

  /**
   * Applies exactly what the dry run showed, in one transaction: the rows are planned again,
   * batch by batch, against the records locked for it and written as they are planned; a
   * different fingerprint at the end (someone changed the data meanwhile) rolls everything
   * back with a 409 asking for a new dry run. Term histories, reminder plans and the audit
   * trail (each event tagged with the import's id) are written in the same transaction.
   */
  async commit(id: string, fingerprint: string, actor: Actor): Promise<ImportRow> {
    await this.get(id, actor);
    await this.phase(id, 'commit', () =>
      this.repository
        .transaction(async (tx) => {
          const row = (await this.repository.findImport(id, tx, true))!;
          assertState(row, ['checked'], 'commit it');
          if (row.fingerprint !== fingerprint) throw stale('the fingerprint is not that of its last dry run');
          if (row.summary!.problems > 0) {
            throw new DomainError(
              'IMPORT_NOT_READY',
              `The dry run found ${row.summary!.problems} problems; correct the file (GET /imports/${id}/problems.xlsx) and upload it again`,
            );
          }
          const written = { agreements: [] as string[], touched: new Set<string>() };
          const planner = await this.planFile(tx, row, actor, true, (planned) =>
            this.applyBatch(tx, row, planned, actor, written),
          );
          if (planner.fingerprint() !== fingerprint)
            throw stale('the records it touches have changed since its dry run');
          await this.phase(id, 'terms', () => this.agreements.syncTerms(tx, written.agreements, actor));
          await this.phase(id, 'reminders', () => this.reminders.replan(tx, [...written.touched]));
          await this.repository.markCommitted(tx, id, actor.email);
          await this.audit.stage(tx, actor, [
            {
              action: 'import.commit',
              entityType: 'import',
              entityId: id,
              metadata: { fileName: row.file_name, sha256: row.sha256, summary: planner.summary },
            },
          ]);
          // The chain's lock is taken only now, for the append: other writers wait seconds, not the whole commit.
          await this.phase(id, 'audit', () => this.audit.appendStaged(tx));
        })
        .catch((error) => {
          const e = pgError(error);
          if (e.code === PgErrorCode.uniqueViolation)
            throw stale(`another change took one of its keys (${e.constraint})`);
          throw error;
        }),
    );
    return (await this.repository.findImport(id))!;
  }

  /** Puts everything a commit did back (archives what it created) while none of it was edited since. */
  async undo(id: string, actor: Actor): Promise<ImportRow> {
    await this.get(id, actor);
    await this.repository.transaction(async (tx) => {
      const row = (await this.repository.findImport(id, tx, true))!;
      assertState(row, ['committed'], 'undo it');
      const records = await this.repository.records(tx, id);
      const agreementIds = records.filter((r) => r.entity_type === 'agreement').map((r) => r.entity_id);
      const milestoneIds = records.filter((r) => r.entity_type === 'milestone').map((r) => r.entity_id);
      const versions = new Map([
        ...(await this.repository.versionsOf(tx, 'agreement', agreementIds)),
        ...(await this.repository.versionsOf(tx, 'milestone', milestoneIds)),
      ]);
      const edited = records.filter((r) => versions.get(r.entity_id) !== r.version_after);
      if (edited.length) {
        const labels = await this.repository.describe(
          tx,
          edited.filter((r) => r.entity_type === 'agreement').map((r) => r.entity_id),
          edited.filter((r) => r.entity_type === 'milestone').map((r) => r.entity_id),
        );
        throw new DomainError(
          'IMPORT_STALE',
          `The import cannot be undone: ${edited.length} of its records have been edited since (${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''})`,
        );
      }
      const meta = { importId: id, undo: true };
      const events: AuditEventInput[] = [];
      for (const table of ['agreement', 'milestone'] as const) {
        const created = records.filter((r) => r.entity_type === table && r.action === 'create').map((r) => r.entity_id);
        await this.repository.archive(tx, table, created, actor.email);
        events.push(
          ...created.map((entityId) => ({ action: `${table}.archive`, entityType: table, entityId, metadata: meta })),
        );
        const updated = records.filter((r) => r.entity_type === table && r.action === 'update');
        await this.repository.restore(
          tx,
          table,
          updated.map((r) => ({ id: r.entity_id, before: r.before! })),
          actor.email,
        );
        const areas = updated.filter((r) => r.before && 'areas' in r.before);
        await this.repository.replaceAreas(
          tx,
          areas.map((r) => ({ id: r.entity_id, areas: r.before!.areas as string[] })),
        );
        events.push(
          ...updated.map((r) => ({
            action: `${table}.update`,
            entityType: table,
            entityId: r.entity_id,
            after: r.before,
            metadata: meta,
          })),
        );
      }
      const touched = [...new Set([...agreementIds, ...(await this.repository.agreementIdsOf(tx, milestoneIds))])];
      await this.agreements.syncTerms(tx, agreementIds, actor);
      await this.reminders.replan(tx, touched);
      await this.repository.markUndone(tx, id, actor.email);
      events.push({ action: 'import.undo', entityType: 'import', entityId: id, metadata: { records: records.length } });
      await this.audit.recordMany(tx, actor, events);
    });
    return (await this.repository.findImport(id))!;
  }

  /** Runs one phase of a dry run or commit, its time logged at debug level (LOG_LEVEL=debug). */
  private async phase<T>(id: string, name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await work();
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    this.logger.debug(
      {
        importId: id,
        phase: name,
        ms: Math.round(performance.now() - started),
        rssMB: mb(memory.rss),
        heapUsedMB: mb(memory.heapUsed),
        heapTotalMB: mb(memory.heapTotal),
        externalMB: mb(memory.external),
      },
      `import ${name}`,
    );
    return result;
  }

  // --- reading and planning -------------------------------------------------------------

  /** One streaming pass over a file without a mapping: each sheet's header and row count. */
  async scan(content: Buffer, format: 'xlsx' | 'csv'): Promise<SheetInfo[]> {
    const sheets: SheetInfo[] = [];
    for await (const _row of readRows(content, format, this.config, (header) => sheets.push({ ...header, rows: 0 }))) {
      sheets[sheets.length - 1].rows++;
    }
    return sheets;
  }

  /**
   * Reads the stored file once (the agreements sheet first) and plans it in batches of
   * BATCH rows, all agreements before any milestone, each batch against the records it
   * names (locked with `lock`), handing every planned batch to `sink`.
   */
  private async planFile(
    tx: EntityManager,
    row: ImportRow,
    actor: Actor,
    lock: boolean,
    sink: (planned: PlannedRow[]) => Promise<void>,
  ): Promise<ImportPlanner> {
    const mapping = row.mapping as ImportMapping;
    const content = await this.repository.importContent(row.id);
    const parser = new RowParser(
      mapping,
      areaParser(await this.repository.cooperationAreas()),
      this.config.maxCellChars,
    );
    const planner = new ImportPlanner({
      mapping,
      sha256: row.sha256,
      actor,
      today: this.clock.today(),
      defaults: {
        termMonths: this.agreementDefaults.defaultTermMonths,
        noticeDays: this.agreementDefaults.defaultNoticeDays,
      },
    });
    const pending: ParsedRow[] = [];
    let milestonesStarted = false;
    const flush = async () => {
      if (!pending.length) return;
      const rows = pending.splice(0);
      const keys = agreementKeys(rows);
      const agreements = await this.repository.findAgreements(keys.references, keys.externalIds, tx, lock);
      if (rows[0].role === 'agreements') return sink(planner.agreements(rows, agreements));
      const milestones = await this.repository.findMilestones(
        agreements.map((a) => a.id),
        tx,
        lock,
      );
      return sink(planner.milestones(rows, agreements, milestones));
    };
    const rows = readRows(content, row.format, this.config, (header) => parser.header(header.name, header.headers), {
      firstSheet: mapping.agreements?.sheet,
    });
    for await (const sheetRow of rows) {
      const parsed = parser.parse(sheetRow);
      if (!parsed) continue;
      if (parsed.role === 'milestones' && !milestonesStarted) {
        // The agreements sheet is read first: every agreement of the file is planned by now.
        await flush();
        milestonesStarted = true;
      }
      pending.push(parsed);
      if (pending.length >= BATCH) await flush();
    }
    await flush();
    return planner;
  }

  /** Writes one planned batch: its records, what the import did to each (for undo), its audit events. */
  private async applyBatch(
    tx: EntityManager,
    row: ImportRow,
    planned: PlannedRow[],
    actor: Actor,
    written: { agreements: string[]; touched: Set<string> },
  ): Promise<void> {
    const writes = writesOf(planned);
    // New agreements without a reference get the next ones of their kind and year, a block per group.
    const groups = new Map<string, typeof writes.createAgreements>();
    for (const w of writes.createAgreements.filter((w) => !w.columns.reference)) {
      const year = referenceYear(
        {
          signedOn: w.columns.signed_on as string,
          effectiveOn: w.columns.effective_on as string,
          cabinetApprovedOn: w.columns.cabinet_approved_on as string,
        },
        this.clock.today(),
      );
      const key = `${referencePrefix[w.columns.kind as AgreementKind]}\u0000${year}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    for (const [key, group] of groups) {
      const [prefix, year] = key.split('\u0000');
      const references = await this.repository.allocateReferences(tx, prefix, Number(year), group.length);
      group.forEach((w, i) => (w.columns.reference = references[i]));
    }
    const email = actor.email;
    await this.repository.insertAgreements(tx, writes.createAgreements, email);
    await this.repository.updateAgreements(tx, writes.updateAgreements, email);
    await this.repository.insertMilestones(tx, writes.createMilestones, email);
    await this.repository.updateMilestones(tx, writes.updateMilestones, email);
    for (const w of [...writes.createAgreements, ...writes.updateAgreements]) {
      written.agreements.push(w.id);
      written.touched.add(w.id);
    }
    for (const r of planned)
      if (r.role === 'milestones' && r.agreementId && r.action !== 'unchanged') written.touched.add(r.agreementId);

    // The rows are locked: an update leaves the version it read plus one, a create version 1.
    const changed = planned.filter((r) => r.action === 'create' || r.action === 'update');
    const before = new Map([...writes.updateAgreements, ...writes.updateMilestones].map((w) => [w.id, w.before]));
    await this.repository.insertRecords(
      tx,
      row.id,
      changed.map((r) => ({
        entity_type: r.role === 'agreements' ? 'agreement' : 'milestone',
        entity_id: r.id,
        action: r.action as 'create' | 'update',
        before: before.get(r.id) ?? null,
        version_after: r.action === 'create' ? 1 : r.version! + 1,
      })),
    );
    const references = new Map(writes.createAgreements.map((w) => [w.id, w.columns.reference]));
    // Staged, not appended: the audit chain's lock is taken once, at the end of the commit.
    await this.audit.stage(tx, actor, auditEvents(row.id, changed, references));
  }
}

/** The audit event of each written row, made as the stage reads it (one at a time, not a batch's array). */
function* auditEvents(
  importId: string,
  changed: PlannedRow[],
  references: Map<string, unknown>,
): Generator<AuditEventInput> {
  for (const r of changed) {
    const entityType = r.role === 'agreements' ? 'agreement' : 'milestone';
    const metadata = {
      importId,
      sheet: r.sheet,
      row: r.rowNumber,
      ...(r.agreementId ? { agreementId: r.agreementId } : {}),
    };
    if (r.action === 'create') {
      const after =
        r.role === 'agreements' ? { ...r.target, reference: references.get(r.id) ?? r.target.reference } : r.target;
      yield { action: `${entityType}.create`, entityType, entityId: r.id, after, metadata };
    } else {
      yield {
        action: `${entityType}.update`,
        entityType,
        entityId: r.id,
        before: Object.fromEntries(r.changes.map((c) => [c.field, c.before])),
        after: Object.fromEntries(r.changes.map((c) => [c.field, c.after])),
        metadata,
      };
    }
  }
}

/** Rows planned and written together: large enough for set-based statements, small enough to keep memory flat. */
const BATCH = 500;

function stale(reason: string): DomainError {
  return new DomainError(
    'IMPORT_STALE',
    `The data changed since the dry run (${reason}); run the dry run again and commit its new fingerprint`,
  );
}

function assertState(row: ImportRow, allowed: ImportRow['state'][], what: string): void {
  if (!allowed.includes(row.state)) {
    throw new DomainError('IMPORT_NOT_READY', `Import ${row.id} is ${row.state}; cannot ${what}`);
  }
}

/** Officers work on the imports they uploaded; managers on any. */
function assertMayUse(row: ImportRow, actor: Actor): void {
  if (actor.role === 'manager' || row.created_by === actor.email) return;
  throw new DomainError(
    'FORBIDDEN',
    `Import ${row.id} was uploaded by ${row.created_by}; officers use only their own imports`,
  );
}

function* reportRows(planned: PlannedRow[]): Generator<Omit<ReportRow, 'seq'>> {
  for (const row of planned) yield reportRowOf(row);
}

function reportRowOf(row: PlannedRow): Omit<ReportRow, 'seq'> {
  const changes =
    row.action === 'create'
      ? Object.entries(row.target)
          .filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && !value.length))
          .map(([field, after]) => ({ field, column: null, before: null, after }))
      : row.changes;
  return {
    sheet: row.sheet,
    row_number: row.rowNumber,
    action: row.action,
    key: row.key,
    changes: row.action === 'unchanged' ? [] : changes,
    problems: row.problems,
  };
}

export function localizeRow(row: ReportRow, locale: ImportLocale) {
  return {
    seq: row.seq,
    sheet: row.sheet,
    row: row.row_number,
    action: row.action,
    key: row.key,
    changes: row.changes,
    problems: row.problems.map((p) => ({
      field: p.field,
      column: p.column,
      code: p.code,
      message: problemSentence(row.row_number, p, locale),
    })),
  };
}

/**
 * The first visible sheet whose name or headings say agreements is the agreements sheet,
 * and likewise for milestones; each heading maps to the field it most likely means.
 */
export function guessMapping(sheets: SheetInfo[]): ImportMapping {
  const visible = sheets.filter((sheet) => !sheet.hidden && sheet.headers.length);
  const score = (sheet: SheetInfo, role: SheetRole) =>
    (sheetRoleNames[role].includes(foldHeading(sheet.name)) ? 100 : 0) +
    sheet.headers.filter((h) => guessField(role, h)).length +
    (role === 'milestones' && sheet.headers.some((h) => guessField('milestones', h) === 'dueOn') ? 5 : 0) -
    (role === 'milestones' && sheet.headers.some((h) => guessField('agreements', h) === 'parties') ? 10 : 0);
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  for (const role of ['milestones', 'agreements'] as const) {
    const best = visible
      .filter((sheet) => !taken.has(sheet.name))
      .map((sheet) => ({ sheet, score: score(sheet, role) }))
      .sort((a, b) => b.score - a.score)[0];
    const otherScore = best ? score(best.sheet, role === 'milestones' ? 'agreements' : 'milestones') : 0;
    if (!best || best.score <= 0 || (role === 'milestones' && best.score <= otherScore)) continue;
    taken.add(best.sheet.name);
    const columns: Record<string, string> = {};
    const used = new Set<string>();
    for (const heading of best.sheet.headers) {
      const field = guessField(role, heading);
      if (field && !used.has(field)) {
        used.add(field);
        columns[heading] = field;
      }
    }
    mapping[role] = { sheet: best.sheet.name, columns };
  }
  return mapping;
}

/** A mapping must name sheets of this file, headings of those sheets and fields of the role. */
export function validateMapping(mapping: ImportMapping, sheets: SheetInfo[]): ImportMapping {
  const errors: Array<{ field: string; message: string }> = [];
  const out: ImportMapping = {};
  for (const role of sheetRoles) {
    const m = mapping?.[role];
    if (!m) continue;
    const sheet = sheets.find((s) => s.name === m.sheet);
    if (!sheet) {
      errors.push({
        field: `${role}.sheet`,
        message: `names no sheet of this file (${sheets.map((s) => s.name).join(', ')})`,
      });
      continue;
    }
    const keys = new Set(fieldsOf[role].map((f) => f.key));
    const columns: Record<string, string> = {};
    for (const [heading, field] of Object.entries(m.columns ?? {})) {
      if (!field) continue;
      if (!sheet.headers.includes(heading))
        errors.push({ field: `${role}.columns.${heading}`, message: `is not a heading of sheet ${sheet.name}` });
      else if (!keys.has(field))
        errors.push({
          field: `${role}.columns.${heading}`,
          message: `"${field}" is not a field of ${role} (see GET /imports/fields)`,
        });
      else columns[heading] = field;
    }
    out[role] = { sheet: sheet.name, columns };
  }
  if (mapping?.agreements && mapping?.milestones && mapping.agreements.sheet === mapping.milestones.sheet) {
    errors.push({ field: 'milestones.sheet', message: 'must be another sheet than agreements.sheet' });
  }
  if (errors.length) throw DomainError.invalid(errors);
  return out;
}
