import type { CreateUserRequest, Page, UpdateUserRequest, UserListParams, UserView } from '@duban/contracts';
import { api } from '../../lib/http';

export const usersApi = {
  list: (params: UserListParams) => api<Page<UserView>>('/users', { params: { ...params } }),
  create: (body: CreateUserRequest) => api<UserView>('/users', { method: 'POST', body }),
  update: (id: string, body: UpdateUserRequest) => api<UserView>(`/users/${id}`, { method: 'PATCH', body }),
};
