import type { Role } from '@mou/domain';
import type { UserResponse } from './dto/user.response.js';

/** Every column a response shows; password_hash and session_version are never among them. */
export const userColumns =
  'u.id, u.email, u.display_name, u.role, u.agency, u.active, u.version, u.created_at, u.created_by, u.updated_at, u.updated_by';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency: string;
  active: boolean;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export function toUserResponse(row: UserRow): UserResponse {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    agency: row.agency,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
