import { usePagedTable } from '../../lib/usePagedTable';
import { auditApi, type AuditFilters } from './audit.api';

export const useAuditTable = (filters: AuditFilters) => usePagedTable('audit', filters, auditApi.list);
