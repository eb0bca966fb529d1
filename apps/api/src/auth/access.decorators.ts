import { SetMetadata } from '@nestjs/common';
import type { Role } from '@mou/domain';

export const PUBLIC_ROUTE = 'mou:public';
export const ALLOWED_ROLES = 'mou:roles';
export const SIGN_IN_OPTIONAL = 'mou:sign-in-optional';
export const BEFORE_PASSWORD_CHANGE = 'mou:before-password-change';

/** No token needed: health, docs, sign-in. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Roles that may call the route. A route that says neither this nor @Public() is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Everyone signed in may read. */
export const Readers = () => Roles('admin', 'officer', 'manager', 'auditor');

/** Those who record agreements and milestones; officers only within their own agency. */
export const Editors = () => Roles('officer', 'manager');

export const AdminOnly = () => Roles('admin');

/**
 * Open to a user whose password must still be changed (the one-time first-admin password,
 * an admin's reset): reading who they are, changing the password, signing out. Every
 * other route answers 403 PASSWORD_CHANGE_REQUIRED until they have.
 */
export const BeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/**
 * An access token is checked (and its roles) when one is sent, but none is needed: for
 * signing out with the session cookie alone, once the access token has gone.
 */
export const SignInOptional = () => SetMetadata(SIGN_IN_OPTIONAL, true);
