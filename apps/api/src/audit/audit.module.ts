import { Global, Module } from '@nestjs/common';
import { AuditEventRepository, AuditService } from '@mou/audit';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditTrailService } from './audit-trail.service.js';

/** The audit trail: AuditService for every module that changes data, and the routes that read it. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditEventRepository, AuditTrailService, AuditRepository],
  exports: [AuditService],
})
export class AuditModule {}
