import { Readers, Roles } from '../auth/access.decorators.js';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import type { Actor as ActorType } from '@mou/domain';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { NotificationPage, NotificationResponse } from './dto/notification.response.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'In-app reminders, newest first; keyset pages with a total',
    description: 'Every notification goes to the whole office; readAt and unread are the signed-in user’s own.',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(400)
  list(@Query() query: ListNotificationsQuery, @Actor() actor: ActorType): Promise<NotificationPage> {
    return this.notifications.list(query, actor.userId!);
  }

  @Roles('admin', 'officer', 'manager')
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'markNotificationRead',
    summary: 'Mark a notification read for yourself; marking it again keeps the first time',
    description: 'Others still see it unread. The first mark is recorded in the audit trail.',
  })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiErrors(400, 404)
  markRead(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<NotificationResponse> {
    return this.notifications.markRead(id, actor);
  }
}
