import { Editors, Readers } from '../auth/access.decorators.js';
import type { Actor as ActorType } from '@mou/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { CreateMilestoneDto } from './dto/create-milestone.dto.js';
import { ListMilestonesQuery, MilestonePageQuery } from './dto/list-milestones.query.js';
import { MilestonePage, MilestoneResponse } from './dto/milestone.response.js';
import { ArchiveMilestoneDto, UpdateMilestoneDto } from './dto/update-milestone.dto.js';
import { MilestonesService } from './milestones.service.js';

@ApiTags('milestones')
@ApiBearerAuth()
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Editors()
  @Post('agreements/:id/milestones')
  @ApiOperation({
    operationId: 'createMilestone',
    summary: 'Add a programme, deliverable or event under an agreement',
  })
  @ApiCreatedResponse({ type: MilestoneResponse })
  @ApiErrors(400, 404, 409, 413)
  create(
    @Param('id', uuidParam()) agreementId: string,
    @Body() dto: CreateMilestoneDto,
    @Actor() actor: ActorType,
  ): Promise<MilestoneResponse> {
    return this.milestones.create(agreementId, dto, actor);
  }

  @Readers()
  @Get('agreements/:id/milestones')
  @ApiOperation({
    operationId: 'listAgreementMilestones',
    summary: "An agreement's milestones by due date, even when the agreement is archived",
  })
  @ApiOkResponse({ type: MilestonePage })
  @ApiErrors(400, 404)
  listForAgreement(
    @Param('id', uuidParam()) agreementId: string,
    @Query() query: MilestonePageQuery,
  ): Promise<MilestonePage> {
    return this.milestones.listForAgreement(agreementId, query);
  }

  @Readers()
  @Get('milestones')
  @ApiOperation({
    operationId: 'listMilestones',
    summary: 'Milestones across agreements by due date; keyset pages with a total',
  })
  @ApiOkResponse({ type: MilestonePage })
  @ApiErrors(400)
  list(@Query() query: ListMilestonesQuery): Promise<MilestonePage> {
    return this.milestones.list(query);
  }

  @Readers()
  @Get('milestones/:id')
  @ApiOperation({
    operationId: 'getMilestone',
    summary: 'One milestone, archived or not',
  })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiErrors(400, 404)
  get(@Param('id', uuidParam()) id: string): Promise<MilestoneResponse> {
    return this.milestones.findOne(id);
  }

  @Editors()
  @Patch('milestones/:id')
  @ApiOperation({
    operationId: 'updateMilestone',
    summary: 'Edit fields or status; send the version you read',
  })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiErrors(400, 404, 409, 413)
  update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateMilestoneDto,
    @Actor() actor: ActorType,
  ): Promise<MilestoneResponse> {
    return this.milestones.update(id, dto, actor);
  }

  @Editors()
  @Post('milestones/:id/archive')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'archiveMilestone',
    summary: 'Hide from lists; nothing is deleted',
  })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiErrors(400, 404, 409)
  archive(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveMilestoneDto,
    @Actor() actor: ActorType,
  ): Promise<MilestoneResponse> {
    return this.milestones.setArchived(id, true, actor, dto?.version);
  }

  @Editors()
  @Post('milestones/:id/restore')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'restoreMilestone',
    summary: 'Bring an archived milestone back into lists',
  })
  @ApiOkResponse({ type: MilestoneResponse })
  @ApiErrors(400, 404, 409)
  restore(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ArchiveMilestoneDto,
    @Actor() actor: ActorType,
  ): Promise<MilestoneResponse> {
    return this.milestones.setArchived(id, false, actor, dto?.version);
  }
}
