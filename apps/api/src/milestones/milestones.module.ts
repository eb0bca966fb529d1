import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesQuery } from './milestones.query.js';
import { MilestonesService } from './milestones.service.js';

@Module({
  controllers: [MilestonesController],
  providers: [MilestonesService, MilestonesQuery, ReminderPlanner],
  exports: [MilestonesService, MilestonesQuery],
})
export class MilestonesModule {}
