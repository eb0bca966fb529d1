import { Module } from '@nestjs/common';
import { CooperationAreasController } from './cooperation-areas.controller.js';
import { CooperationAreasService } from './cooperation-areas.service.js';

@Module({
  controllers: [CooperationAreasController],
  providers: [CooperationAreasService],
})
export class CooperationAreasModule {}
