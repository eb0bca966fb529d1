import { ApiProperty } from '@nestjs/swagger';
import { roles, type Role, userCalendars, type UserCalendar, userLocales, type UserLocale } from '@mou/domain';

export class AuthUserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'officer@mdes.go.th' }) email: string;
  @ApiProperty({ example: 'Somchai Jaidee' }) displayName: string;
  @ApiProperty({ enum: roles }) role: Role;
  @ApiProperty({ example: 'MDES' }) agency: string;
  @ApiProperty({ enum: userLocales, description: 'Language of the console and of exports; th for a new account' })
  locale: UserLocale;
  @ApiProperty({ enum: userCalendars, description: 'How dates are shown: buddhist (BE = CE + 543) or gregorian' })
  calendar: UserCalendar;
  @ApiProperty({
    description:
      'The password was set by someone else (one-time first-admin password, admin reset): until POST /auth/password ' +
      'changes it, every route but GET/PATCH /auth/me, /auth/password, /auth/logout and /auth/refresh answers 403 ' +
      'PASSWORD_CHANGE_REQUIRED',
  })
  mustChangePassword: boolean;
}

export class TokenPairResponse {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; exchange at POST /auth/refresh for a new pair. Works once.' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ type: AuthUserResponse })
  user: AuthUserResponse;
}
