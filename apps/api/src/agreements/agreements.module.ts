import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsQuery } from './agreements.query.js';
import { AgreementsService } from './agreements.service.js';

@Module({
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementsQuery],
  exports: [AgreementsService, AgreementsQuery],
})
export class AgreementsModule {}
