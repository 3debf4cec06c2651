import type { AuditActorOption, AuditEntryView, Page } from '@duban/contracts';
import { api } from '../../lib/http';

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  unitId?: string;
}

export const auditApi = {
  list: (params: AuditFilters & { page: number; pageSize: number }) =>
    api<Page<AuditEntryView>>('/audit', { params: { ...params } }),
  actors: (q: string) => api<AuditActorOption[]>('/audit/actors', { params: { q } }),
};
