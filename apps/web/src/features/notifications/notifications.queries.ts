import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationsApi } from './notifications.api';

/** Unread count for the header badge, refreshed every minute. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () => {
      const page = await notificationsApi.list({ unread: 'true', page: 1, pageSize: 1 });
      return page.unreadCount;
    },
    enabled,
    refetchInterval: 60_000,
    meta: { silent: true },
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | 'all') => {
      await (id === 'all' ? notificationsApi.readAll() : notificationsApi.read(id));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
