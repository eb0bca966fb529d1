import { AdminOnly, Readers } from '../auth/access.decorators.js';
import type { Actor as ActorType } from '@mou/domain';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CooperationAreasService } from './cooperation-areas.service.js';
import { CooperationAreaResponse } from './dto/cooperation-area.response.js';
import { CreateCooperationAreaDto } from './dto/create-cooperation-area.dto.js';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('cooperation-areas')
export class CooperationAreasController {
  constructor(private readonly areas: CooperationAreasService) {}

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'listCooperationAreas',
    summary: 'The cooperation-area taxonomy, by code, with English and Thai labels',
  })
  @ApiOkResponse({ type: [CooperationAreaResponse] })
  list(): Promise<CooperationAreaResponse[]> {
    return this.areas.list();
  }

  @AdminOnly()
  @Post()
  @ApiOperation({
    operationId: 'createCooperationArea',
    summary: 'Add a cooperation area to the taxonomy; 409 DUPLICATE when the code exists',
  })
  @ApiCreatedResponse({ type: CooperationAreaResponse })
  @ApiErrors(400, 409, 413)
  create(@Body() dto: CreateCooperationAreaDto, @Actor() actor: ActorType): Promise<CooperationAreaResponse> {
    return this.areas.create(dto, actor);
  }
}
