import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersQuery } from './reminders.query.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [AgreementsModule],
  controllers: [RemindersController],
  providers: [RemindersService, RemindersQuery],
})
export class RemindersModule {}
