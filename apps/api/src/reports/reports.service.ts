import { PassThrough } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { type Actor, Clock, DomainError } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { csvFile, type ExportHooks } from './csv.writer.js';
import type { ReportOptions } from './dto/report-options.query.js';
import { PDF_ROW_LIMIT, renderPdf } from './pdf.writer.js';
import type { ReportSettings, ReportSource } from './report-source.js';
import { formattedSql, type ReportConnection, ReportsRepository } from './reports.repository.js';
import { writeXlsx } from './xlsx.writer.js';

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

function tooManyForPdf(): DomainError {
  const message =
    `pdf holds at most ${PDF_ROW_LIMIT.toLocaleString('en-US')} rows and this report has more: ` +
    'narrow the filters, or use format=csv or format=xlsx, which have no limit';
  return DomainError.invalid([{ field: 'format', message }]);
}

/**
 * Runs a report and writes it to the reply as a file. CSV and XLSX stream from a COPY on a
 * connection of their own; a PDF is laid out in memory, so it is capped. Every export,
 * finished or cut short, leaves an audit event (report.export) with its row count, written
 * in its own transaction once the rows have run out and before the file's last bytes go
 * out, so a complete file always has its event.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly reports: ReportsRepository,
  ) {}

  async export(source: ReportSource, options: ReportOptions, actor: Actor, reply: FastifyReply): Promise<void> {
    const settings: ReportSettings = {
      format: options.format,
      calendar: options.calendar ?? 'gregorian',
      locale: options.locale ?? 'en',
      timeZone: this.clock.timeZone,
    };
    const now = this.clock.now();
    // Headers only once there is a file to send: an error before then is a plain JSON error.
    const file = () =>
      reply
        .header('content-type', contentTypes[settings.format])
        .header('content-disposition', `attachment; filename="${source.name}-${this.clock.today()}.${settings.format}"`)
        .header('cache-control', 'no-store');
    const sql = formattedSql(source.sql, source.columns, settings, settings.format === 'csv');
    const connection = await this.reports.open(settings.timeZone);
    const hooks = this.auditHooks(source, settings, actor, connection);
    try {
      if (settings.format === 'pdf') {
        const rows = await connection.rows(sql, source.params, PDF_ROW_LIMIT + 1);
        if (rows.length > PDF_ROW_LIMIT) throw tooManyForPdf();
        const generated = await connection.instantText(now, settings);
        await connection.close();
        const pdf = await renderPdf(rows, source, settings, { at: now, text: generated ?? '' });
        await hooks.finished(rows.length);
        void file().send(pdf);
        return;
      }
      const copy = await connection.copy(sql, source.params, settings.format === 'csv' ? 'csv' : 'text');
      if (settings.format === 'csv') {
        void file().send(
          csvFile(
            copy,
            source.columns.map((column) => column.heading[settings.locale]),
            hooks,
          ),
        );
      } else {
        const output = new PassThrough();
        // After a client hangs up, late writes fail on the stream: the export is already failed.
        output.on('error', () => undefined);
        void file().send(output);
        writeXlsx(copy, source, settings, output, hooks, now).catch((error: unknown) => {
          copy.destroy();
          output.destroy(error as Error);
        });
      }
    } catch (error) {
      await connection.close(true);
      throw error;
    }
  }

  /** The audit event of an export; the connection is given back before the event is written. */
  private auditHooks(
    source: ReportSource,
    settings: ReportSettings,
    actor: Actor,
    connection: ReportConnection,
  ): ExportHooks {
    let recorded = false;
    const record = (rowCount: number | null, complete: boolean) => {
      recorded = true;
      return this.audit.record(this.db.manager, actor, {
        action: 'report.export',
        entityType: 'report',
        entityId: source.name,
        metadata: {
          format: settings.format,
          calendar: settings.calendar,
          locale: settings.locale,
          filters: source.filters,
          rowCount,
          complete,
        },
      });
    };
    return {
      finished: async (rowCount) => {
        await connection.close();
        await record(rowCount, true);
      },
      failed: (rowCount, error) => {
        void connection.close(true);
        this.logger.warn({ err: error, report: source.name, rowCount }, 'Export cut short');
        // Rows may already have left: an unfinished export is on record too.
        if (!recorded) {
          record(rowCount, false).catch((auditError: unknown) =>
            this.logger.error({ err: auditError, report: source.name }, 'Could not record an unfinished export'),
          );
        }
      },
    };
  }
}
