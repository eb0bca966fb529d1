import { Editors, Readers } from '../auth/access.decorators.js';
import type { Actor as ActorType } from '@mou/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { AgreementsService } from './agreements.service.js';
import { AgreementPage, AgreementResponse } from './dto/agreement.response.js';
import { CreateAgreementDto } from './dto/create-agreement.dto.js';
import { ListAgreementsQuery } from './dto/list-agreements.query.js';
import { ArchiveDto, TransitionDto } from './dto/transition.dto.js';
import { UpdateAgreementDto } from './dto/update-agreement.dto.js';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Editors()
  @Post()
  @ApiOperation({
    operationId: 'createAgreement',
    summary: 'Record an agreement, at any stage of its life',
  })
  @ApiCreatedResponse({ type: AgreementResponse })
  @ApiErrors(400, 409, 413)
  create(@Body() dto: CreateAgreementDto, @Actor() actor: ActorType): Promise<AgreementResponse> {
    return this.agreements.create(dto, actor);
  }

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'listAgreements',
    summary: 'Find agreements by any field; keyset pages with a total',
  })
  @ApiOkResponse({ type: AgreementPage })
  @ApiErrors(400)
  list(@Query() query: ListAgreementsQuery): Promise<AgreementPage> {
    return this.agreements.list(query);
  }

  @Readers()
  @Get(':id')
  @ApiOperation({
    operationId: 'getAgreement',
    summary: 'One agreement, archived or not',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404)
  get(@Param('id', uuidParam()) id: string): Promise<AgreementResponse> {
    return this.agreements.findOne(id);
  }

  @Editors()
  @Patch(':id')
  @ApiOperation({
    operationId: 'updateAgreement',
    summary: 'Edit fields; send the version you read',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409, 413)
  update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateAgreementDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.agreements.update(id, dto, actor);
  }

  @Editors()
  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'transitionAgreement',
    summary: 'Move to another stage of the lifecycle (draft → … → in-force → terminated/superseded)',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  transition(
    @Param('id', uuidParam()) id: string,
    @Body() dto: TransitionDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.agreements.transition(id, dto, actor);
  }

  @Editors()
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'archiveAgreement',
    summary: 'Hide from lists; nothing is deleted',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  archive(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.agreements.setArchived(id, true, actor, dto?.version);
  }

  @Editors()
  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'restoreAgreement',
    summary: 'Bring an archived agreement back into lists',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  restore(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.agreements.setArchived(id, false, actor, dto?.version);
  }
}
