import { SetMetadata } from '@nestjs/common';
import type { Role } from '@mou/domain';

export const PUBLIC_ROUTE = 'mou:public';
export const ALLOWED_ROLES = 'mou:roles';

/** No token needed: health, docs, sign-in. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Roles that may call the route. A route that says neither this nor @Public() is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Everyone signed in may read. */
export const Readers = () => Roles('admin', 'officer', 'manager', 'auditor');

/** Those who record agreements and milestones; officers only within their own agency. */
export const Editors = () => Roles('officer', 'manager');

export const AdminOnly = () => Roles('admin');
