import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePagedTable } from '../../lib/usePagedTable';
import type { AuditFilters } from '@duban/contracts';
import { auditApi } from './audit.api';

export const useAuditTable = (filters: AuditFilters) => usePagedTable('audit', filters, auditApi.list);

export const useAuditActors = (q: string) =>
  useQuery({
    queryKey: ['audit', 'actors', q],
    queryFn: () => auditApi.actors(q),
    placeholderData: keepPreviousData,
  });
