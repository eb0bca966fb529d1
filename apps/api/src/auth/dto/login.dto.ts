import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { userCalendars, type UserCalendar, userLocales, type UserLocale } from '@mou/domain';
import { IsOptionalNotNull } from '../../common/optional.validator.js';

export class LoginDto {
  @ApiProperty({ example: 'officer@mdes.go.th' })
  // Not @IsEmail(): the first-start admin is admin@localhost. Unknown text simply fails.
  @Length(1, 320)
  @IsString()
  email: string;

  @ApiProperty({ format: 'password', example: 'correct horse battery staple' })
  @Length(1, 200)
  @IsString()
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'The refreshToken from the last sign-in or refresh; each works once. Left out: the mou_refresh cookie is used.',
  })
  @IsOptional()
  @Length(1, 200)
  @IsString()
  refreshToken?: string;
}

/** The signed-in user's own settings; what is left out stays as it is. */
export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: userLocales })
  @IsIn(userLocales, { message: `must be one of ${userLocales.join(', ')}` })
  @IsOptionalNotNull()
  locale?: UserLocale;

  @ApiPropertyOptional({ enum: userCalendars })
  @IsIn(userCalendars, { message: `must be one of ${userCalendars.join(', ')}` })
  @IsOptionalNotNull()
  calendar?: UserCalendar;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @Length(1, 200)
  @IsString()
  currentPassword: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 200,
    description: 'Refused when easy to guess (common passwords, patterns, your own email or name)',
  })
  @Length(12, 200, { message: 'must be 12 to 200 characters' })
  @IsString()
  newPassword: string;
}
