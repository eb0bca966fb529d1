import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { CooperationAreasModule } from '../cooperation-areas/cooperation-areas.module.js';
import { AgreementTermsRepository } from './agreement-terms.repository.js';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsRepository } from './agreements.repository.js';
import { AgreementsService } from './agreements.service.js';
import { RenewalsController } from './renewals.controller.js';
import { RenewalsService } from './renewals.service.js';

@Module({
  imports: [CooperationAreasModule],
  controllers: [AgreementsController, RenewalsController],
  providers: [AgreementsService, AgreementsRepository, AgreementTermsRepository, RenewalsService, ReminderPlanner],
  exports: [AgreementsService, AgreementsRepository],
})
export class AgreementsModule {}
