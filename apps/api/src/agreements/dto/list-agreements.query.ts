import { PageQuery } from '../../common/page.query.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { agreementKinds, type AgreementKind, agreementStatuses, type AgreementStatus } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { ToBoolean } from '../../common/query.transforms.js';

export const agreementSorts = [
  'createdAt',
  '-createdAt',
  'reference',
  '-reference',
  'expiresOn',
  '-expiresOn',
  'signedOn',
  '-signedOn',
] as const;
export type AgreementSort = (typeof agreementSorts)[number];

export class ListAgreementsQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Words in either title, the reference or a party (Thai substrings match)',
    example: 'ญี่ปุ่น',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'JP', description: 'A party country or organisation code' })
  @IsOptional()
  @IsString()
  @Length(2, 20)
  country?: string;

  @ApiPropertyOptional({ example: 'cybersecurity' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  area?: string;

  @ApiPropertyOptional({
    enum: agreementStatuses,
    description: 'As read: in-force agreements past their last day count as expired',
  })
  @IsOptional()
  @IsIn(agreementStatuses)
  status?: AgreementStatus;

  @ApiPropertyOptional({ enum: agreementKinds })
  @IsOptional()
  @IsIn(agreementKinds)
  kind?: AgreementKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  leadAgency?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  expiresFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  expiresTo?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  signedFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  signedTo?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  includeArchived?: boolean;

  @ApiPropertyOptional({ enum: agreementSorts, default: '-createdAt', description: 'A leading "-" sorts descending' })
  @IsOptional()
  @IsIn(agreementSorts)
  sort?: AgreementSort;
}
