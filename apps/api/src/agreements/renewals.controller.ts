import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor as ActorType } from '@mou/domain';
import { Editors, Readers, Roles } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { AgreementResponse } from './dto/agreement.response.js';
import { AgreementTermResponse, DecisionDto, RenewalDto, TerminationDto } from './dto/renewals.dto.js';
import { RenewalsService } from './renewals.service.js';

@ApiTags('agreements')
@ApiBearerAuth()
@Controller('agreements')
export class RenewalsController {
  constructor(private readonly renewals: RenewalsService) {}

  @Readers()
  @Get(':id/terms')
  @ApiOperation({
    operationId: 'listAgreementTerms',
    summary: 'The term history: the original term and every renewal, oldest first',
  })
  @ApiOkResponse({ type: [AgreementTermResponse] })
  @ApiErrors(400, 404)
  terms(@Param('id', uuidParam()) id: string): Promise<AgreementTermResponse[]> {
    return this.renewals.terms(id);
  }

  @Roles('manager')
  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'decideAgreementTerm',
    summary: 'Decide about the current term (renew, let expire, terminate); its notice reminders stop',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  decide(
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecisionDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.renewals.decide(id, dto, actor);
  }

  @Roles('manager')
  @Post(':id/renewals')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'renewAgreement',
    summary: 'Renew for a further term, from the day after the current last day',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  renew(
    @Param('id', uuidParam()) id: string,
    @Body() dto: RenewalDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.renewals.renew(id, dto, actor);
  }

  @Editors()
  @Post(':id/termination')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'terminateAgreement',
    summary: 'Record a termination by notice; reads terminated from effectiveOn',
  })
  @ApiOkResponse({ type: AgreementResponse })
  @ApiErrors(400, 404, 409)
  terminate(
    @Param('id', uuidParam()) id: string,
    @Body() dto: TerminationDto,
    @Actor() actor: ActorType,
  ): Promise<AgreementResponse> {
    return this.renewals.terminate(id, dto, actor);
  }
}
