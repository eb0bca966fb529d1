import { Module } from '@nestjs/common';
import { CountriesController } from './countries.controller.js';
import { CountriesQuery } from './countries.query.js';

@Module({
  controllers: [CountriesController],
  providers: [CountriesQuery],
})
export class CountriesModule {}
