import { applyDecorators, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor as ActorType, Clock } from '@mou/domain';
import { Roles } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { agreementsReport } from './agreements.report.js';
import { auditEventsReport } from './audit-events.report.js';
import { deadlinesReport } from './deadlines.report.js';
import {
  AgreementsReportQuery,
  AuditEventsReportQuery,
  DeadlinesReportQuery,
  MilestonesReportQuery,
} from './dto/report-options.query.js';
import { milestonesReport } from './milestones.report.js';
import { ReportsService } from './reports.service.js';

/** Auditors take reports away; managers and admins may too. Officers work in the app. */
const ReportReaders = () => Roles('auditor', 'manager', 'admin');

function ApiReport(operationId: string, summary: string) {
  return applyDecorators(
    ReportReaders(),
    ApiOperation({
      operationId,
      summary,
      description:
        'Takes the same filters as the list route, plus format (csv, xlsx or pdf), calendar and locale. ' +
        'Sent as an attachment; every export is recorded in the audit trail (report.export).',
    }),
    ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'),
    ApiOkResponse({ description: 'The report file', schema: { type: 'string', format: 'binary' } }),
    ApiErrors(400, 401, 403),
  );
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  @ApiReport('exportAgreements', 'The agreement register as a file: GET /agreements filters and order')
  @Get('agreements')
  agreements(@Query() query: AgreementsReportQuery, @Actor() actor: ActorType, @Res() reply: FastifyReply) {
    return this.reports.export(agreementsReport(query, this.clock.today()), query, actor, reply);
  }

  @ApiReport('exportDeadlines', 'Deadlines as a file: GET /deadlines filters and order, without its limit')
  @Get('deadlines')
  deadlines(@Query() query: DeadlinesReportQuery, @Actor() actor: ActorType, @Res() reply: FastifyReply) {
    return this.reports.export(deadlinesReport(query, this.clock.today()), query, actor, reply);
  }

  @ApiReport('exportMilestones', 'Milestones as a file: GET /milestones filters and order')
  @Get('milestones')
  milestones(@Query() query: MilestonesReportQuery, @Actor() actor: ActorType, @Res() reply: FastifyReply) {
    return this.reports.export(milestonesReport(query, this.clock.today()), query, actor, reply);
  }

  @ApiReport('exportAuditEvents', 'The audit trail as a file: GET /audit-events filters, newest first')
  @Get('audit-events')
  auditEvents(@Query() query: AuditEventsReportQuery, @Actor() actor: ActorType, @Res() reply: FastifyReply) {
    return this.reports.export(auditEventsReport(query), query, actor, reply);
  }
}
