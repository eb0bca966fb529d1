import { Module } from '@nestjs/common';
import { ReminderDeliveryRepository, ReminderRepository } from '@mou/reminders';
import { AgreementsModule } from '../agreements/agreements.module.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [AgreementsModule],
  controllers: [RemindersController],
  providers: [RemindersService, RemindersRepository, ReminderRepository, ReminderDeliveryRepository],
})
export class RemindersModule {}
