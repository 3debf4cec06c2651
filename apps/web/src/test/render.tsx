import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { CurrentUser, Role } from '@duban/contracts';
import { AppProviders } from '../app/providers';
import { routeObjects } from '../app/router';
import { createQueryClient } from '../lib/query-client';
import { saveSession } from '../lib/session';
import { get, mockFetch, type Handler } from './fetch-mock';

export function userWith(roles: Role[], extra: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: roles[0],
    displayName: `测试${roles[0]}`,
    roles,
    unitId: roles.includes('unit') ? '00000000-0000-4000-8000-0000000000aa' : null,
    unitName: roles.includes('unit') ? '市行政审批局' : null,
    ...extra,
  };
}

/** The whole app (real antd, real router) at `path`, signed in as `user` when given; only fetch is fake. */
export function renderApp(path: string, options: { user?: CurrentUser; handlers?: Handler[] } = {}) {
  if (options.user) saveSession({ token: 'test-token', user: options.user });
  const fetchMock = mockFetch([
    ...(options.handlers ?? []),
    ...(options.user ? [get('/auth/me', () => options.user)] : []),
  ]);
  const router = createMemoryRouter(routeObjects, { initialEntries: [path] });
  const view = render(
    <AppProviders queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, fetchMock };
}
