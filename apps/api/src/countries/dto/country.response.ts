import { ApiProperty } from '@nestjs/swagger';
import { partyTypes, type PartyType } from '../countries.query.js';

export class CountryResponse {
  @ApiProperty({ example: 'JP', description: 'ISO 3166-1 alpha-2, or an organisation code such as ASEAN' })
  code: string;

  @ApiProperty({ enum: partyTypes }) type: PartyType;
  @ApiProperty({ example: 'Japan' }) nameEn: string;
  @ApiProperty({ example: 'ญี่ปุ่น' }) nameTh: string;
}
