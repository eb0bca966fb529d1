import { ReadVersion } from '../../common/read-version.decorator.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { roles, type Role } from '@mou/domain';
import { IsOptionalNotNull } from '../../common/optional.validator.js';
import { Agency, DisplayName, NewPassword, UserRole } from './user-fields.js';

/**
 * A partial edit by an admin. Changing the role, deactivating, or setting a new password
 * ends every session of the user.
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @DisplayName()
  @IsOptionalNotNull()
  displayName?: string;

  @ApiPropertyOptional({ enum: roles })
  @UserRole()
  @IsOptionalNotNull()
  role?: Role;

  @ApiPropertyOptional()
  @Agency()
  @IsOptionalNotNull()
  agency?: string;

  @ApiPropertyOptional({ description: 'false: the user can no longer sign in' })
  @IsBoolean()
  @IsOptionalNotNull()
  active?: boolean;

  @ApiPropertyOptional({ format: 'password', minLength: 12, maxLength: 200, description: 'A password reset' })
  @NewPassword()
  @IsOptionalNotNull()
  password?: string;

  @ReadVersion()
  version: number;
}
