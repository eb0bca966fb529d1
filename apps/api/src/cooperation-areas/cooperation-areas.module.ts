import { Module } from '@nestjs/common';
import { CooperationAreasController } from './cooperation-areas.controller.js';
import { CooperationAreasRepository } from './cooperation-areas.repository.js';
import { CooperationAreasService } from './cooperation-areas.service.js';

@Module({
  controllers: [CooperationAreasController],
  providers: [CooperationAreasService, CooperationAreasRepository],
  exports: [CooperationAreasRepository],
})
export class CooperationAreasModule {}
