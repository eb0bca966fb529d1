import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { agreementKinds, type AgreementKind, renewalModes, type RenewalMode } from '@mou/domain';
import { IsCalendarDate } from '../../common/calendar-date.validator.js';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { PartyDto } from './party.dto.js';
import { ReminderPolicyDto } from './reminder-policy.dto.js';
import { NotBlank } from '../../common/blank.validator.js';

/**
 * The fields an officer may write on an agreement, shared by create and update. Every
 * field is optional here; CreateAgreementDto makes the required ones required.
 */
export class AgreementFieldsDto {
  @ApiPropertyOptional({ example: 'MOU-2017-0001', description: 'Unique; generated from kind and year when left out' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z0-9][A-Z0-9./-]{1,63}$/, { message: 'must be 2-64 upper-case letters, digits, ".", "/" or "-"' })
  reference?: string;

  @ApiPropertyOptional({ type: String, example: 'Memorandum of Cooperation on ICT and Digital', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @NotBlank()
  titleEn?: string | null;

  @ApiPropertyOptional({ type: String, example: 'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @NotBlank()
  titleTh?: string | null;

  @ApiPropertyOptional({ enum: agreementKinds })
  @IsOptionalNotNull()
  @IsIn(agreementKinds)
  kind?: AgreementKind;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  binding?: boolean;

  @ApiPropertyOptional({ type: [PartyDto], description: 'Two or more; more than two makes it multilateral' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(2, { message: 'must list at least two parties' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties?: PartyDto[];

  @ApiPropertyOptional({ example: 'Ministry of Digital Economy and Society' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 300)
  @NotBlank()
  leadAgency?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['cybersecurity', 'postal'],
    description: 'Codes from GET /cooperation-areas',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  areas?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  summary?: string | null;

  @ApiPropertyOptional({ type: String, example: '2017-05-30', format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  cabinetApprovedOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cabinetResolutionRef?: string | null;

  @ApiPropertyOptional({ type: String, example: '2017-06-05', format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  signedOn?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Tokyo', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  signedPlace?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2017-06-05',
    format: 'date',
    nullable: true,
    description: 'Entry into force; not before signedOn',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string | null;

  @ApiPropertyOptional({ default: 60, minimum: 1, maximum: 1200 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1200)
  termMonths?: number;

  @ApiPropertyOptional({ enum: renewalModes, default: 'none' })
  @IsOptionalNotNull()
  @IsIn(renewalModes)
  renewal?: RenewalMode;

  @ApiPropertyOptional({ description: 'Defaults to DEFAULT_NOTICE_DAYS (90)', minimum: 0, maximum: 3650 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(3650)
  noticeDays?: number;

  @ApiPropertyOptional({ type: [String], example: ['intl.coop@mdes.go.th'], description: 'Email addresses to remind' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true, message: 'must contain only email addresses' })
  contacts?: string[];

  @ApiPropertyOptional({ type: [String], example: ['http://www.thaigov.go.th/news/contents/details/4283'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { each: true, message: 'must contain only http(s) URLs' },
  )
  sourceUrls?: string[];

  @ApiPropertyOptional({ type: [String], example: ['japan', 'digital'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: ReminderPolicyDto,
    nullable: true,
    description: 'Overrides the configured reminder offsets for this agreement; null returns to the defaults',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReminderPolicyDto)
  reminderPolicy?: ReminderPolicyDto | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The earlier agreement this one amends; both stay on record, linked',
  })
  @IsOptional()
  @IsUUID()
  amendsId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The earlier agreement this one replaces: it becomes superseded (it must be in force or signed)',
  })
  @IsOptionalNotNull()
  @IsUUID()
  supersedesId?: string;
}
