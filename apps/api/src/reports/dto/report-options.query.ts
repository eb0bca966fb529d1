import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ListAgreementsQuery } from '../../agreements/dto/list-agreements.query.js';
import { ListAuditEventsQuery } from '../../audit/dto/list-audit-events.query.js';
import { ListDeadlinesQuery } from '../../deadlines/dto/list-deadlines.query.js';
import { ListMilestonesQuery } from '../../milestones/dto/list-milestones.query.js';

export const reportFormats = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const reportCalendars = ['gregorian', 'buddhist'] as const;
export type ReportCalendar = (typeof reportCalendars)[number];
export const reportLocales = ['en', 'th'] as const;
export type ReportLocale = (typeof reportLocales)[number];

/** How a report is written; everything else in its query string is the list route's filters. */
export class ReportOptions {
  @ApiProperty({
    enum: reportFormats,
    description: 'csv (UTF-8 with BOM) and xlsx stream any number of rows; pdf stops at 5,000 rows',
  })
  @IsIn(reportFormats)
  format: ReportFormat;

  @ApiPropertyOptional({
    enum: reportCalendars,
    default: 'gregorian',
    description:
      'gregorian: dates 2017-05-30, times 2017-05-30T09:00:00.000+07:00; buddhist: 30 พฤษภาคม 2560 (locale th) ' +
      'or 30 May 2560 BE (locale en). Times are in the office time zone.',
  })
  @IsOptional()
  @IsIn(reportCalendars)
  calendar?: ReportCalendar;

  @ApiPropertyOptional({ enum: reportLocales, default: 'en', description: 'Language of headings and month names' })
  @IsOptional()
  @IsIn(reportLocales)
  locale?: ReportLocale;
}

// An export is every matching row: paging parameters have no meaning here and are refused.
export class AgreementsReportQuery extends IntersectionType(
  OmitType(ListAgreementsQuery, ['limit', 'cursor'] as const),
  ReportOptions,
) {
  @ApiPropertyOptional({
    default: false,
    description: "Add a column listing each agreement's live documents: type (language): file name; …",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  documents?: boolean;
}

export class DeadlinesReportQuery extends IntersectionType(
  OmitType(ListDeadlinesQuery, ['limit'] as const),
  ReportOptions,
) {}

export class MilestonesReportQuery extends IntersectionType(
  OmitType(ListMilestonesQuery, ['limit', 'cursor'] as const),
  ReportOptions,
) {}

export class AuditEventsReportQuery extends IntersectionType(
  OmitType(ListAuditEventsQuery, ['limit', 'cursor'] as const),
  ReportOptions,
) {}
