import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { PublicLayout } from './components/PublicLayout';
import { RequireSession } from './components/RequireSession';
import { lazyPage } from './components/lazy-page';
import { paths } from './paths';

// Each page is its own chunk: a screen loads only its code.
const SignInPage = lazyPage(() => import('./pages/sign-in/SignInPage'));
const ChangePasswordPage = lazyPage(() => import('./pages/change-password/ChangePasswordPage'));
const RegisterPage = lazyPage(() => import('./pages/register/RegisterPage'));
const AgreementPage = lazyPage(() => import('./pages/agreement/AgreementPage'));
const AgreementFormPage = lazyPage(() => import('./pages/agreement-form/AgreementFormPage'));
const DeadlinesPage = lazyPage(() => import('./pages/deadlines/DeadlinesPage'));
const MilestonesPage = lazyPage(() => import('./pages/milestones/MilestonesPage'));
const ImportsPage = lazyPage(() => import('./pages/imports/ImportsPage'));
const NotFoundPage = lazyPage(() => import('./pages/not-found/NotFoundPage'));

export const router = createBrowserRouter(
  [
    { element: <PublicLayout />, children: [{ path: paths.signIn, element: <SignInPage /> }] },
    {
      element: <RequireSession />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Navigate to={paths.register} replace /> },
            { path: paths.register, element: <RegisterPage /> },
            { path: paths.agreementNew, element: <AgreementFormPage /> },
            { path: '/agreements/:id', element: <AgreementPage /> },
            { path: '/agreements/:id/edit', element: <AgreementFormPage /> },
            { path: paths.deadlines, element: <DeadlinesPage /> },
            { path: paths.milestones, element: <MilestonesPage /> },
            { path: paths.imports, element: <ImportsPage /> },
            { path: paths.changePassword, element: <ChangePasswordPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);
