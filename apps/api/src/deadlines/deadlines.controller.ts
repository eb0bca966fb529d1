import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { DeadlinesQuery } from './deadlines.query.js';
import { DeadlineList } from './dto/deadline.response.js';
import { ListDeadlinesQuery } from './dto/list-deadlines.query.js';

@ApiTags('deadlines')
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly query: DeadlinesQuery) {}

  @Get()
  @ApiOperation({
    summary: 'Notice deadlines, expiries and milestone due dates coming up (and missed), soonest first',
  })
  @ApiOkResponse({ type: DeadlineList })
  @ApiErrors(400)
  list(@Query() query: ListDeadlinesQuery): Promise<DeadlineList> {
    return this.query.list(query);
  }
}
