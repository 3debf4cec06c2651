import type { NotificationView, Page } from '@duban/contracts';
import { api } from '../../lib/http';

/** The list also carries the caller's unread count (used by the header badge). Not in contracts. */
export interface NotificationPage extends Page<NotificationView> {
  unreadCount?: number;
}

export const notificationsApi = {
  list: (params: { unread?: 'true' | 'false'; page: number; pageSize: number }) =>
    api<NotificationPage>('/notifications', { params: { ...params } }),
  read: (id: string) => api<NotificationView>(`/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => api<unknown>('/notifications/read-all', { method: 'POST' }),
};
