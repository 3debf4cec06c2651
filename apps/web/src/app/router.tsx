import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { AppLayout } from './AppLayout';
import { NotFound, RequireAuth, RouteGuard } from './guards';
import { APP_ROUTES } from './routes';

/** Route objects for createBrowserRouter (app) and createMemoryRouter (tests). */
export const routeObjects: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      ...APP_ROUTES.filter((route) => route.Page).map((route) => ({
        path: route.path,
        element: <RouteGuard route={route} />,
      })),
      { path: '*', element: <NotFound /> },
    ],
  },
];
