import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsQuery } from './agreements.query.js';
import { AgreementsService } from './agreements.service.js';

@Module({
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementsQuery, ReminderPlanner],
  exports: [AgreementsService, AgreementsQuery],
})
export class AgreementsModule {}
