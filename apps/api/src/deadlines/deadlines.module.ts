import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesQuery } from './deadlines.query.js';

@Module({
  controllers: [DeadlinesController],
  providers: [DeadlinesQuery],
  exports: [DeadlinesQuery],
})
export class DeadlinesModule {}
