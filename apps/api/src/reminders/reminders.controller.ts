import { Readers, Roles } from '../auth/access.decorators.js';
import type { Actor as ActorType } from '@mou/domain';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import { ListRemindersQuery } from './dto/list-reminders.query.js';
import { ReminderPage, ReminderResponse } from './dto/reminder.response.js';
import { RemindersService } from './reminders.service.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly agreements: AgreementsService,
  ) {}

  @Readers()
  @Get('reminders')
  @ApiOperation({
    operationId: 'listReminders',
    summary: 'The reminder plan and what was sent, soonest first',
  })
  @ApiOkResponse({ type: ReminderPage })
  @ApiErrors(400)
  list(@Query() query: ListRemindersQuery): Promise<ReminderPage> {
    return this.reminders.list(query);
  }

  @Readers()
  @Get('agreements/:id/reminders')
  @ApiOperation({
    operationId: 'listAgreementReminders',
    summary: "One agreement's reminders (its milestones' included)",
  })
  @ApiOkResponse({ type: ReminderPage })
  @ApiErrors(400, 404)
  async forAgreement(@Param('id', uuidParam()) id: string, @Query() query: ListRemindersQuery): Promise<ReminderPage> {
    await this.agreements.assertExists(id);
    return this.reminders.list({ ...query, agreementId: id });
  }

  @Roles('manager', 'admin')
  @Post('reminders/:id/retry')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'retryReminder',
    summary: 'Send a failed reminder again (its failed deliveries only)',
  })
  @ApiOkResponse({ type: ReminderResponse })
  @ApiErrors(400, 404, 409)
  retry(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<ReminderResponse> {
    return this.reminders.retry(id, actor);
  }
}
