import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { partyTypes, type PartyType } from '../countries.query.js';

export class ListCountriesQuery {
  @ApiPropertyOptional({ enum: partyTypes })
  @IsOptional()
  @IsIn(partyTypes)
  type?: PartyType;

  @ApiPropertyOptional({
    example: 'ญี่ปุ่น',
    description: 'Part of the code, English or Thai name; case and Latin accents are ignored',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
