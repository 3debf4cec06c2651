import type { AuditActorOption, AuditEntryView, AuditParams, Page } from '@duban/contracts';
import { api } from '../../lib/http';

export const auditApi = {
  list: (params: AuditParams) => api<Page<AuditEntryView>>('/audit', { params: { ...params } }),
  actors: (q: string) => api<AuditActorOption[]>('/audit/actors', { params: { q } }),
};
