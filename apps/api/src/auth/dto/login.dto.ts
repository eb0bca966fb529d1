import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

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
  @ApiProperty({ description: 'The refreshToken from the last sign-in or refresh; each works once' })
  @Length(1, 200)
  @IsString()
  refreshToken: string;
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
