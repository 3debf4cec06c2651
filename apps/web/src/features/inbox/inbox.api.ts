import type { InboxCounts, InboxPage, InboxParams } from '@duban/contracts';
import { api } from '../../lib/http';

export const inboxApi = {
  counts: () => api<InboxCounts>('/inbox/counts'),
  list: (params: InboxParams) => api<InboxPage>('/inbox', { params: { ...params } }),
};
