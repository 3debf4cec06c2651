import type { AuditEntryView, Page } from '@duban/contracts';
import { api } from '../../lib/http';

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
}

export const auditApi = {
  list: (params: AuditFilters & { page: number; pageSize: number }) =>
    api<Page<AuditEntryView>>('/audit', { params: { ...params } }),
};
