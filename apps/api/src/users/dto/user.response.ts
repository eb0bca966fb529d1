import { ApiProperty } from '@nestjs/swagger';
import { roles, type Role } from '@mou/domain';

/** A user as the API shows it: never the password hash, never the session generation. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'officer@mdes.go.th', description: 'Stored lower case' }) email: string;
  @ApiProperty({ example: 'Somchai Jaidee' }) displayName: string;
  @ApiProperty({ enum: roles }) role: Role;
  @ApiProperty({ example: 'MDES' }) agency: string;
  @ApiProperty({ description: 'A deactivated user cannot sign in; their sessions ended when deactivated' })
  active: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ description: 'All users matching the filters' }) total: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
