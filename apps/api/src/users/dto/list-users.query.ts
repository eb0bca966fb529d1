import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { roles, type Role } from '@mou/domain';
import { PageQuery } from '../../common/page.query.js';
import { ToBoolean } from '../../common/query.transforms.js';

/** Users by email, a keyset page at a time. */
export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: roles })
  @IsOptional()
  @IsIn(roles)
  role?: Role;

  @ApiPropertyOptional({ example: 'MDES' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  agency?: string;

  @ApiPropertyOptional({ description: 'true: only active users; false: only deactivated ones' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;
}
