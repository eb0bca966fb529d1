import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementsModule } from '../agreements/agreements.module.js';
import { CooperationAreasModule } from '../cooperation-areas/cooperation-areas.module.js';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesRepository } from './milestones.repository.js';
import { MilestonesService } from './milestones.service.js';

@Module({
  imports: [AgreementsModule, CooperationAreasModule],
  controllers: [MilestonesController],
  providers: [MilestonesService, MilestonesRepository, ReminderPlanner],
  exports: [MilestonesService, MilestonesRepository],
})
export class MilestonesModule {}
