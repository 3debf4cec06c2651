import { fireEvent, screen, waitFor } from '@testing-library/react';
import { get, post, respond } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByPlaceholderText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByPlaceholderText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('LoginPage', () => {
  it('submits the credentials and shows the api message on 401', async () => {
    const { fetchMock } = renderApp('/login', {
      handlers: [
        post('/auth/login', () => respond(401, { code: 'UNAUTHENTICATED', message: '用户名或密码错误' })),
      ],
    });
    fillAndSubmit('supervisor', 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('用户名或密码错误'),
    );
    const call = fetchMock.calls.find((c) => c.url.pathname === '/api/v1/auth/login')!;
    expect(call.method).toBe('POST');
    expect(call.body).toEqual({ username: 'supervisor', password: 'wrong-password' });
    expect(localStorage.getItem('duban.token')).toBeNull();
  });

  it('shows the rate-limit message on 429', async () => {
    renderApp('/login', {
      handlers: [
        post('/auth/login', () =>
          respond(429, { code: 'RATE_LIMITED', message: '登录尝试过于频繁，请 1 分钟后再试' }),
        ),
      ],
    });
    fillAndSubmit('supervisor', 'x');
    expect((await screen.findByRole('alert')).textContent).toContain('登录尝试过于频繁');
  });

  it('stores the token and sends a unit user to 我的任务', async () => {
    const user = userWith(['unit']);
    const { router, fetchMock } = renderApp('/login', {
      handlers: [
        post('/auth/login', () => ({ accessToken: 'jwt-1', expiresIn: 3600, user })),
        get('/auth/me', () => user),
      ],
    });
    fillAndSubmit('baoding_shenpi', 'Duban@2023');

    await waitFor(() => expect(router.state.location.pathname).toBe('/my'));
    expect(localStorage.getItem('duban.token')).toBe('jwt-1');
    // Later calls carry the bearer token.
    await waitFor(() =>
      expect(fetchMock.calls.some((c) => c.url.pathname === '/api/v1/assignments/mine')).toBe(true),
    );
    const mine = fetchMock.calls.find((c) => c.url.pathname === '/api/v1/assignments/mine')!;
    expect(mine.headers.Authorization).toBe('Bearer jwt-1');
  });
});
