import { ReadVersion } from '../../common/read-version.decorator.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { agreementStatuses, type AgreementStatus } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';

/** Moves an agreement to its next stage, with the dates that stage needs. */
export class TransitionDto {
  @ApiProperty({ enum: agreementStatuses, example: 'signed' })
  @IsIn(agreementStatuses)
  to: AgreementStatus;

  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ format: 'date', description: 'Required to reach approved unless already recorded' })
  @IsOptional()
  @IsCalendarDate()
  cabinetApprovedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cabinetResolutionRef?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Required to reach signed unless already recorded' })
  @IsOptional()
  @IsCalendarDate()
  signedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  signedPlace?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Required to reach in-force unless already recorded' })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
}

export class ArchiveDto {
  @ApiPropertyOptional({ description: 'When given, the archive is refused with 409 if the record has moved on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
