import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Readers } from '../auth/access.decorators.js';
import { DashboardService } from './dashboard.service.js';
import { DashboardResponse } from './dto/dashboard.response.js';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'getDashboard',
    summary:
      'What managers look at: agreements in force by country, area and lead agency; deadlines in the next 30, 90 ' +
      'and 180 days; overdue milestones; notice deadlines passed on agreements still in force',
  })
  @ApiOkResponse({ type: DashboardResponse })
  get(): Promise<DashboardResponse> {
    return this.dashboard.get();
  }
}
