import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsQuery } from './agreements.query.js';
import { AgreementsService } from './agreements.service.js';
import { RenewalsController } from './renewals.controller.js';
import { RenewalsService } from './renewals.service.js';

@Module({
  controllers: [AgreementsController, RenewalsController],
  providers: [AgreementsService, AgreementsQuery, RenewalsService, ReminderPlanner],
  exports: [AgreementsService, AgreementsQuery],
})
export class AgreementsModule {}
