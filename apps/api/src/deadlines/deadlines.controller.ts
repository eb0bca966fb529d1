import { Readers } from '../auth/access.decorators.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { DeadlinesService } from './deadlines.service.js';
import { DeadlineList } from './dto/deadline.response.js';
import { ListDeadlinesQuery } from './dto/list-deadlines.query.js';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'listDeadlines',
    summary: 'Notice deadlines, expiries and milestone due dates coming up (and missed), soonest first',
  })
  @ApiOkResponse({ type: DeadlineList })
  @ApiErrors(400)
  list(@Query() query: ListDeadlinesQuery): Promise<DeadlineList> {
    return this.deadlines.list(query);
  }
}
