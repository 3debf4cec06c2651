import type { NotificationPage, NotificationView } from '@duban/contracts';
import { api } from '../../lib/http';

export const notificationsApi = {
  /** The page also carries the caller's unread count (the header badge). */
  list: (params: { unread?: 'true' | 'false'; page: number; pageSize: number }) =>
    api<NotificationPage>('/notifications', { params: { ...params } }),
  read: (id: string) => api<NotificationView>(`/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => api<unknown>('/notifications/read-all', { method: 'POST' }),
};
