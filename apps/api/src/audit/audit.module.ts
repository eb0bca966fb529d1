import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditQuery } from './audit.query.js';
import { AuditService } from '@mou/audit';

/** The audit trail: AuditService for every module that changes data, and the routes that read it. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQuery],
  exports: [AuditService],
})
export class AuditModule {}
