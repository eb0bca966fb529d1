import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesRepository } from './deadlines.repository.js';
import { DeadlinesService } from './deadlines.service.js';

@Module({
  controllers: [DeadlinesController],
  providers: [DeadlinesService, DeadlinesRepository],
  exports: [DeadlinesService, DeadlinesRepository],
})
export class DeadlinesModule {}
