import { Readers } from '../auth/access.decorators.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { CountriesQuery } from './countries.query.js';
import { CountryResponse } from './dto/country.response.js';
import { ListCountriesQuery } from './dto/list-countries.query.js';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('countries')
export class CountriesController {
  constructor(private readonly countries: CountriesQuery) {}

  @Readers()
  @Get()
  @ApiOperation({
    operationId: 'listCountries',
    summary: 'Every code a party may carry (countries, then organisations) with English and Thai names',
  })
  @ApiOkResponse({ type: [CountryResponse] })
  @ApiErrors(400)
  list(@Query() query: ListCountriesQuery): CountryResponse[] {
    return this.countries.list(query);
  }
}
