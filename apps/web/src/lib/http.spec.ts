import { mockFetch, respond } from '../test/fetch-mock';
import { api, ApiError } from './http';
import { getToken, saveSession } from './session';

const user = {
  id: 'u1',
  username: 'clerk',
  displayName: '办事员',
  roles: ['unit' as const],
  unitId: null,
  unitName: null,
};
const expired = () => respond(401, { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' });

describe('http: short-lived access tokens', () => {
  afterEach(() => localStorage.clear());

  it('renews an expired access token once from the refresh cookie and retries the call', async () => {
    saveSession({ token: 'old', user });
    const authorised = ({ init }: { init: RequestInit }) =>
      (init.headers as Record<string, string>).Authorization === 'Bearer new' ? { ok: true } : expired();
    const { calls } = mockFetch([
      { method: 'POST', path: '/auth/refresh', reply: () => ({ accessToken: 'new', expiresIn: 900, user }) },
      { method: 'GET', path: '/tasks', reply: authorised },
      { method: 'GET', path: '/notifications', reply: authorised },
    ]);
    // Two calls at once share one refresh (a refresh token is good only once).
    expect(await Promise.all([api('/tasks'), api('/notifications')])).toEqual([{ ok: true }, { ok: true }]);
    expect(calls.filter((call) => call.url.pathname.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(getToken()).toBe('new');
  });

  it('ends the session when the refresh is refused', async () => {
    saveSession({ token: 'old', user });
    mockFetch([
      { method: 'POST', path: '/auth/refresh', reply: expired },
      { method: 'GET', path: '/tasks', reply: expired },
    ]);
    await expect(api('/tasks')).rejects.toBeInstanceOf(ApiError);
    expect(getToken()).toBeNull();
  });
});
