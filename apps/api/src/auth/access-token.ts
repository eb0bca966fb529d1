import type { Role } from '@mou/domain';

/** What an access token carries: the user, and the session generation it belongs to. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** app_user.session_version when issued; a logout, password change or deactivation bumps it. */
  sv: number;
}
