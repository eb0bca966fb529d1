import type { ReportCalendar, ReportFormat, ReportLocale } from './dto/report-options.query.js';

export const reportNames = ['agreements', 'deadlines', 'milestones', 'audit-events'] as const;
export type ReportName = (typeof reportNames)[number];

/**
 * How a column's SQL value is written: text (neutralised against spreadsheet formulas in
 * CSV), date, instant (timestamptz), number, boolean. See report-sql.ts.
 */
export type CellKind = 'text' | 'date' | 'instant' | 'number' | 'boolean';

export type Localised = Record<ReportLocale, string>;

export interface ReportColumn {
  /** The row field the report's SQL selects. */
  field: string;
  heading: Localised;
  kind: CellKind;
  /** Share of the PDF table's width; a column without one is left out of the PDF (CSV/XLSX have all). */
  pdf?: number;
}

/** One report, ready to run: rows in the list route's order, and what to call things. */
export interface ReportSource {
  name: ReportName;
  title: Localised;
  columns: ReportColumn[];
  sql: string;
  params: unknown[];
  /** The filters as the caller sent them (plus derived bounds), for the PDF heading and the audit event. */
  filters: Record<string, unknown>;
}

export interface ReportSettings {
  format: ReportFormat;
  calendar: ReportCalendar;
  locale: ReportLocale;
  timeZone: string;
}

/** The filters the caller set, without the report options and with absent ones dropped. */
export function filtersOf(query: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([key, value]) => value !== undefined && !['format', 'calendar', 'locale'].includes(key),
    ),
  );
}
