import { AdminOnly, Roles } from '../auth/access.decorators.js';
import type { Actor as ActorType } from '@mou/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiBearerAuth,
} from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { uuidParam } from '../common/uuid.pipe.js';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { CreatedWebhookResponse, WebhookResponse } from './dto/webhook.response.js';
import { WebhooksService } from './webhooks.service.js';

const deliveryDescription = `Each reminder of a subscribed kind is POSTed as JSON
({deliveryId, event, reminderId, agreement, milestone, targetOn, daysLeft, today, message}) with headers:

- \`X-MOU-Event\`: the reminder kind;
- \`X-MOU-Delivery\`: the delivery id; retries reuse it, so dedupe on it;
- \`X-MOU-Timestamp\`: unix seconds;
- \`X-MOU-Signature\`: \`sha256=<hex>\`, HMAC-SHA256 under the secret of \`<timestamp>.<raw body>\`.

Verify the signature over the raw body and refuse timestamps more than 5 minutes away.
Answer 2xx within WEBHOOK_TIMEOUT_MS; anything else (redirects included) is retried with backoff.
The secret is returned by this call only.`;

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @AdminOnly()
  @Post()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to reminder events',
    description: deliveryDescription,
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiErrors(400, 413)
  create(@Body() dto: CreateWebhookDto, @Actor() actor: ActorType): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(dto, actor);
  }

  @Roles('admin', 'auditor')
  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'Webhooks not deleted; secrets are never listed',
  })
  @ApiOkResponse({ type: [WebhookResponse] })
  list(): Promise<WebhookResponse[]> {
    return this.webhooks.list();
  }

  @Roles('admin', 'auditor')
  @Get(':id')
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'One webhook, deleted or not, without its secret',
  })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(400, 404)
  get(@Param('id', uuidParam()) id: string): Promise<WebhookResponse> {
    return this.webhooks.findOne(id);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Stop deliveries to a webhook; the record stays, marked deleted',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  remove(@Param('id', uuidParam()) id: string, @Actor() actor: ActorType): Promise<void> {
    return this.webhooks.remove(id, actor);
  }
}
