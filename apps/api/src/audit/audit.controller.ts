import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { PageQuery } from '../common/page.query.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { AuditTrailService } from './audit-trail.service.js';
import { AuditEventPage, AuditVerification } from './dto/audit-event.response.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** Who may read the trail: auditors, admins and managers. */
const TrailReaders = () => Roles('auditor', 'admin', 'manager');

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditTrailService) {}

  @TrailReaders()
  @Get('audit-events')
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'Who did what: the audit trail, newest first; keyset pages with a total',
  })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPage> {
    return this.audit.list(query);
  }

  @TrailReaders()
  @Get('audit-events/verify')
  @ApiOperation({
    operationId: 'verifyAuditTrail',
    summary: 'Re-check the whole hash chain: every hash recomputed, every link to the event before',
  })
  @ApiOkResponse({ type: AuditVerification })
  @ApiErrors(401, 403)
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }

  @TrailReaders()
  @Get('agreements/:id/history')
  @ApiOperation({
    operationId: 'getAgreementHistory',
    summary: "An agreement's audit trail with its milestones', oldest first",
  })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiErrors(400, 401, 403, 404)
  history(@Param('id', uuidParam()) id: string, @Query() query: PageQuery): Promise<AuditEventPage> {
    return this.audit.history(id, query);
  }
}
