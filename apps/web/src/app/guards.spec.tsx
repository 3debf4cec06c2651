import { screen, waitFor } from '@testing-library/react';
import { get, respond } from '../test/fetch-mock';
import { renderApp, userWith } from '../test/render';

describe('route guards', () => {
  it('sends a visitor without a token to /login', async () => {
    const { router, fetchMock } = renderApp('/tasks?overdue=true');
    expect(await screen.findByPlaceholderText('用户名')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    // Nothing was asked of the api without a token.
    expect(fetchMock.calls.filter((c) => c.url.pathname.startsWith('/api/v1/tasks'))).toHaveLength(0);
  });

  it('lands a unit user on 我的任务 instead of the dashboard', async () => {
    const { router } = renderApp('/', { user: userWith(['unit']) });
    await waitFor(() => expect(router.state.location.pathname).toBe('/my'));
  });

  it('refuses a page the role may not open', async () => {
    renderApp('/users', { user: userWith(['unit']) });
    expect(await screen.findByText('无权访问')).toBeTruthy();
  });

  it('ends the session and returns to /login when the api answers 401', async () => {
    const { router } = renderApp('/tasks', {
      user: userWith(['supervisor']),
      handlers: [get('/tasks', () => respond(401, { code: 'UNAUTHENTICATED', message: '登录已过期' }))],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(localStorage.getItem('duban.token')).toBeNull();
  });
});
