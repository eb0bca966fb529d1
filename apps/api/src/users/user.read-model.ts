import type { UserResponse } from './dto/user.response.js';
import type { UserRow } from './users.repository.js';

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
