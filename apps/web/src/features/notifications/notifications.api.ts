import type { NotificationPage, NotificationParams, NotificationView, ReadAllResult } from '@duban/contracts';
import { api } from '../../lib/http';

export const notificationsApi = {
  /** The page also carries the caller's unread count (the header badge). */
  list: (params: NotificationParams) => api<NotificationPage>('/notifications', { params: { ...params } }),
  read: (id: string) => api<NotificationView>(`/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => api<ReadAllResult>('/notifications/read-all', { method: 'POST' }),
};
