import { ReadVersion } from '../../common/read-version.decorator.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { agreementDecisions, type AgreementDecisionKind, termOrigins, type TermOrigin } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';

/** A manager's decision about the current term, before its notice deadline. */
export class DecisionDto {
  @ApiProperty({ enum: agreementDecisions })
  @IsIn(agreementDecisions)
  decision: AgreementDecisionKind;

  @ApiPropertyOptional({ description: 'Why; kept with the decision and in the audit trail' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ReadVersion()
  version: number;
}

/** Renews for a further term, starting the day after the current last day. */
export class RenewalDto {
  @ApiPropertyOptional({ description: 'Length of the new term; the current length when left out', example: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  termMonths?: number;

  @ReadVersion()
  version: number;
}

/** Early end by notice: the agreement reads terminated from effectiveOn on. */
export class TerminationDto {
  @ApiProperty({ format: 'date', example: '2026-12-01', description: 'When written notice was given' })
  @IsCalendarDate()
  noticeGivenOn: string;

  @ApiProperty({ format: 'date', example: '2027-06-01', description: 'First day no longer in force' })
  @IsCalendarDate()
  effectiveOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ReadVersion()
  version: number;
}

export const termStarts = ['entry-into-force', 'previous-term'] as const;
export type TermStart = (typeof termStarts)[number];

export class AgreementTermResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '1 for the original term, then one more per renewal' }) seq: number;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date', description: 'Last day in force of the term' }) endsOn: string;
  @ApiProperty({ enum: termOrigins }) origin: TermOrigin;
  @ApiProperty({
    enum: termStarts,
    description:
      'How startsOn was derived: entry-into-force (the original term starts on effectiveOn) or previous-term ' +
      '(the day after the previous term’s last day)',
  })
  startsFrom: TermStart;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 60,
    description:
      'How endsOn was derived: the day before the termMonths anniversary of startsOn (29 February’s is 1 March). ' +
      'null when the dates fit no whole number of months',
  })
  termMonths: number | null;
  @ApiProperty({ description: 'The term the agreement is in now (its last one)' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
}
