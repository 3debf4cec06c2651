import type { CurrentUser, LoginRequest, LoginResponse } from '@duban/contracts';
import { api } from '../../lib/http';

export const authApi = {
  login: (body: LoginRequest) => api<LoginResponse>('/auth/login', { method: 'POST', body }),
  me: () => api<CurrentUser>('/auth/me'),
};
