import type { InboxCounts, InboxKind, InboxPage } from '@duban/contracts';
import { api } from '../../lib/http';

export const inboxApi = {
  counts: () => api<InboxCounts>('/inbox/counts'),
  list: (params: { kind: InboxKind; page: number; pageSize: number }) =>
    api<InboxPage>('/inbox', { params: { ...params } }),
};
