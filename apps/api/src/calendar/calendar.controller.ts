import { Controller, Delete, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor as ActorType } from '@mou/domain';
import { Public, Readers } from '../auth/access.decorators.js';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { CalendarFeedsService, FEED_WINDOW_DAYS } from './calendar-feeds.service.js';
import { CalendarFeedResponse, CreatedCalendarFeedResponse } from './dto/calendar-feed.response.js';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Readers()
  @ApiBearerAuth()
  @Post('feeds')
  @ApiOperation({
    operationId: 'createCalendarFeed',
    summary: 'Make a secret calendar feed URL of the deadlines you can see (shown once)',
    description:
      'Subscribe to the URL in any calendar app (prefix it with this server). Anyone holding it can read the ' +
      'feed without signing in, so keep it private and revoke it if it leaks.',
  })
  @ApiCreatedResponse({ type: CreatedCalendarFeedResponse })
  create(@Actor() actor: ActorType): Promise<CreatedCalendarFeedResponse> {
    return this.feeds.create(actor);
  }

  @Readers()
  @ApiBearerAuth()
  @Get('feeds')
  @ApiOperation({
    operationId: 'listCalendarFeeds',
    summary: 'Your calendar feeds, revoked ones included (never their URLs)',
  })
  @ApiOkResponse({ type: [CalendarFeedResponse] })
  list(@Actor() actor: ActorType): Promise<CalendarFeedResponse[]> {
    return this.feeds.list(actor);
  }

  @Readers()
  @ApiBearerAuth()
  @Delete('feeds/:id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeCalendarFeed',
    summary: 'Revoke one of your calendar feeds: its URL answers 404 from now on',
  })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  @ApiErrors(400, 404)
  revoke(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<void> {
    return this.feeds.revoke(id, actor);
  }

  @Public()
  @Get(':token.ics')
  // Never kept by a cache or proxy: it is generated afresh and carries a credential in its URL.
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    operationId: 'getCalendarFeed',
    summary: 'A calendar feed (iCalendar): every deadline as an all-day event, in Thai and English',
    description:
      `No sign-in: the token in the URL is the credential. Notice deadlines, expiries and milestone due dates as ` +
      `GET /deadlines lists them: late ones, and the next ${FEED_WINDOW_DAYS} days. Generated on each request.`,
  })
  @ApiParam({ name: 'token', description: 'The secret from POST /calendar/feeds' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @ApiErrors(404)
  async feed(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const calendar = await this.feeds.render(token);
    // Set only on success: a 404 keeps the JSON error shape.
    void reply
      .header('Content-Type', 'text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="mou-tracker-deadlines.ics"');
    return calendar;
  }
}
