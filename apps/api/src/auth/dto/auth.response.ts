import { ApiProperty } from '@nestjs/swagger';
import { roles, type Role } from '@mou/domain';

export class AuthUserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'officer@mdes.go.th' }) email: string;
  @ApiProperty({ example: 'Somchai Jaidee' }) displayName: string;
  @ApiProperty({ enum: roles }) role: Role;
  @ApiProperty({ example: 'MDES' }) agency: string;
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
