import type { AgreementStatus, MilestoneStatus, RenewalMode, AgreementKind } from '@mou/domain';
import { type FieldKind, fieldsOf, type ImportField, type SheetRole } from './import-fields.js';
import type { StoredProblem } from './import-messages.js';
import { type CellValue, isTrouble, type SheetRow } from './spreadsheet.reader.js';
import {
  agreementStatusWords,
  kindWords,
  milestoneStatusWords,
  ok,
  parseBoolean,
  parseDate,
  parseEmail,
  parseInteger,
  parseNumber,
  parseParty,
  parseTerm,
  parseUrl,
  type Parsed,
  renewalWords,
  splitList,
  vocabularyParser,
} from './value-parsers.js';

/** One mapped sheet: which role it plays and which field each heading feeds. */
export interface SheetMapping {
  sheet: string;
  /** heading → field key; headings mapped to nothing are ignored. */
  columns: Record<string, string>;
}

export interface ImportMapping {
  agreements?: SheetMapping;
  milestones?: SheetMapping;
}

/** A row's cells as field values (only the mapped fields with a value), and what was wrong. */
export interface ParsedRow {
  role: SheetRole;
  sheet: string;
  rowNumber: number;
  values: Record<string, unknown>;
  /** Mapped fields whose cell was empty: cleared on update where the field may be empty. */
  empty: Set<string>;
  problems: StoredProblem[];
}

const parseKind = vocabularyParser<AgreementKind>(kindWords, 'unknownKind');
const parseAgreementStatus = vocabularyParser<AgreementStatus>(agreementStatusWords, 'unknownAgreementStatus');
const parseMilestoneStatus = vocabularyParser<MilestoneStatus>(milestoneStatusWords, 'unknownMilestoneStatus');
const parseRenewal = vocabularyParser<RenewalMode>(renewalWords, 'unknownRenewal');
const referencePattern = /^[A-Z0-9][A-Z0-9./-]{1,63}$/;

type ListItemParser = (item: string) => Parsed<unknown>;

/** Turns the rows of mapped sheets into field values; `parseArea` knows the cooperation areas. */
export class RowParser {
  private readonly columns = new Map<string, Array<{ index: number; heading: string; field: ImportField }>>();

  constructor(
    private readonly mapping: ImportMapping,
    private readonly parseArea: (item: string) => Parsed<string>,
    private readonly maxCellChars: number,
  ) {}

  roleOf(sheet: string): SheetRole | null {
    if (this.mapping.agreements?.sheet === sheet) return 'agreements';
    if (this.mapping.milestones?.sheet === sheet) return 'milestones';
    return null;
  }

  /** Called with each sheet's header row: fixes which cell index feeds which field. */
  header(sheet: string, headers: string[]): void {
    const role = this.roleOf(sheet);
    if (!role) return;
    const columns = this.mapping[role]!.columns;
    const fields = fieldsOf[role];
    this.columns.set(
      sheet,
      headers.flatMap((heading, index) => {
        const field = fields.find((f) => f.key === columns[heading]);
        return field ? [{ index, heading, field }] : [];
      }),
    );
  }

  parse(row: SheetRow): ParsedRow | null {
    const role = this.roleOf(row.sheet);
    const columns = this.columns.get(row.sheet);
    if (!role || !columns) return null;
    const parsed: ParsedRow = {
      role,
      sheet: row.sheet,
      rowNumber: row.rowNumber,
      values: {},
      empty: new Set(),
      problems: [],
    };
    for (const { index, heading, field } of columns) {
      const cell = row.cells[index] ?? null;
      if (cell === null) {
        parsed.empty.add(field.key);
        continue;
      }
      const result = this.parseCell(cell, field);
      if ('problem' in result) {
        parsed.problems.push({ field: field.key, column: heading, code: result.problem, params: result.params });
      } else {
        parsed.values[field.key] = result.value;
      }
    }
    return parsed;
  }

  private parseCell(cell: Exclude<CellValue, null>, field: ImportField): Parsed<unknown> {
    if (isTrouble(cell)) {
      if (cell.trouble === 'too-long')
        return { problem: 'cellTooLong', params: { length: cell.detail, max: this.maxCellChars } };
      if (cell.trouble === 'formula-without-value')
        return { problem: 'formulaWithoutValue', params: { formula: cell.detail } };
      return { problem: 'errorValue', params: { value: cell.detail } };
    }
    return parseValue(cell, field.kind, field.maxLength, this.parseArea);
  }
}

function parseValue(
  cell: Exclude<CellValue, null | { trouble: string }>,
  kind: FieldKind,
  maxLength: number | undefined,
  parseArea: (item: string) => Parsed<string>,
): Parsed<unknown> {
  switch (kind) {
    case 'date':
      return parseDate(cell);
    case 'int':
      return parseInteger(cell, 0, 3650);
    case 'term':
      return parseTerm(cell);
    case 'number':
      return parseNumber(cell);
    case 'bool':
      return parseBoolean(cell);
    case 'kind':
      return parseKind(cell);
    case 'agreement-status':
      return parseAgreementStatus(cell);
    case 'milestone-status':
      return parseMilestoneStatus(cell);
    case 'renewal':
      return parseRenewal(cell);
    case 'area':
      return parseArea(String(cell));
    case 'areas':
      return parseList(cell, parseArea, true);
    case 'parties':
      return parseList(cell, parseParty, false);
    case 'emails':
      return parseList(cell, parseEmail, true);
    case 'urls':
      return parseList(cell, parseUrl, true);
    case 'list':
      return parseList(
        cell,
        (item) => (item.length > 100 ? { problem: 'tooLong', params: { max: 100 } } : ok(item)),
        true,
      );
    case 'reference': {
      const text = String(cell).trim().toUpperCase();
      return referencePattern.test(text) ? ok(text) : { problem: 'notAReference', params: { value: String(cell) } };
    }
    case 'text': {
      const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim();
      return maxLength && text.length > maxLength ? { problem: 'tooLong', params: { max: maxLength } } : ok(text);
    }
  }
}

/** Each item of a `;`/newline list, the first problem reported; `unique` drops repeats. */
function parseList(cell: unknown, item: ListItemParser, unique: boolean): Parsed<unknown[]> {
  const values: unknown[] = [];
  for (const part of splitList(cell)) {
    const result = item(part);
    if ('problem' in result) return result;
    if (!unique || !values.includes(result.value)) values.push(result.value);
  }
  return ok(values);
}
