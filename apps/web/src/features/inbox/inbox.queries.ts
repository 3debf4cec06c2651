import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Decision, InboxItem } from '@duban/contracts';

import { tasksApi } from '../tasks/tasks.api';
import { inboxApi } from './inbox.api';

/** The 待办 counts: the menu badge and the tabs, refreshed every minute. */
export function useInboxCounts(enabled = true) {
  return useQuery({
    queryKey: ['inbox', 'counts'],
    queryFn: inboxApi.counts,
    enabled,
    refetchInterval: 60_000,
    meta: { silent: true },
  });
}

export type InboxAction = { item: InboxItem; decision: Decision } | { item: InboxItem; urge: string };

/** Decides (or urges) one 待办 item through the task routes, then refreshes the inbox and the tasks. */
export function useInboxAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: InboxAction): Promise<unknown> => {
      const { item } = action;
      if ('urge' in action)
        return tasksApi.urge(item.taskId, { message: action.urge, unitIds: [item.unitId] });
      switch (item.kind) {
        case 'reports':
          return tasksApi.reviewReport(item.id, action.decision);
        case 'extensions':
          return tasksApi.decideExtension(item.id, action.decision);
        default:
          return tasksApi.decideCompletion(item.id, action.decision);
      }
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}
