import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { paths } from '../paths';
import { PageLoader } from './PageLoader';

/**
 * Pages behind sign-in. Signed out (or the session ended), it goes to sign-in carrying the
 * page the person was on and why; an account that must change its password sees only that.
 */
export function RequireSession() {
  const { status, user, ended } = useAuth();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;

  if (status === 'loading') return <PageLoader />;
  if (status === 'signed-out' || !user) {
    const query = new URLSearchParams({ next: here });
    if (ended) query.set('reason', ended);
    return <Navigate to={`${paths.signIn}?${query}`} replace />;
  }
  if (user.mustChangePassword && location.pathname !== paths.changePassword) {
    return <Navigate to={`${paths.changePassword}?${new URLSearchParams({ next: here })}`} replace />;
  }
  return <Outlet />;
}
