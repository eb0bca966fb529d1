import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { roles, type Role } from '@mou/domain';
import { Agency, DisplayName, LowerCase, NewPassword, UserRole } from './user-fields.js';

export class CreateUserDto {
  @ApiProperty({ example: 'officer@mdes.go.th', description: 'Stored lower case; one user per email' })
  @LowerCase()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  @IsString()
  email: string;

  @ApiProperty({ example: 'Somchai Jaidee', maxLength: 200 })
  @DisplayName()
  displayName: string;

  @ApiProperty({ enum: roles })
  @UserRole()
  role: Role;

  @ApiProperty({ example: 'MDES', description: 'Officers edit only their own agency’s records' })
  @Agency()
  agency: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 200, description: 'Never returned' })
  @NewPassword()
  password: string;
}
