import { Module } from '@nestjs/common';
import { ReminderPlanner } from '@mou/reminders';
import { AuditEventRepository, AuditService } from '@mou/audit';
import { DeliveryProcessor } from './delivery.processor.js';
import { ReminderQueues } from './reminder-queues.js';
import { SchedulerKeeper } from './scheduler-keeper.js';
import { SchedulerProcessor } from './scheduler.processor.js';

/** Everything that moves reminders out of PostgreSQL. Loaded only by the worker. */
@Module({
  providers: [
    ReminderQueues,
    ReminderPlanner,
    AuditService,
    AuditEventRepository,
    SchedulerKeeper,
    SchedulerProcessor,
    DeliveryProcessor,
  ],
  exports: [SchedulerProcessor, SchedulerKeeper, ReminderQueues],
})
export class RemindersWorkerModule {}
