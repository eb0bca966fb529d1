import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { AgreementsModule } from '../agreements/agreements.module.js';
import { ImportMappingsController } from './import-mappings.controller.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [AgreementsModule],
  controllers: [ImportsController, ImportMappingsController],
  providers: [ImportsService, ImportsRepository, ReminderPlanner],
})
export class ImportsModule {}
