import type {
  CockpitQuery,
  CockpitView,
  DocumentStats,
  StatsOverview,
  TrendPoint,
  UnitStats,
} from '@duban/contracts';
import { api } from '../../lib/http';

export type UnitSort = 'completionRate' | 'overdue' | 'total';

export const dashboardApi = {
  overview: (filters: CockpitQuery = {}) => api<StatsOverview>('/stats/overview', { params: { ...filters } }),
  cockpit: (filters: CockpitQuery) => api<CockpitView>('/stats/cockpit', { params: { ...filters } }),
  units: (sort: UnitSort, order: 'asc' | 'desc') =>
    api<{ items: UnitStats[] }>('/stats/units', { params: { sort, order } }),
  documents: () => api<{ items: DocumentStats[] }>('/stats/documents'),
  trend: (interval: 'day' | 'week' | 'month', from?: string) =>
    api<{ items: TrendPoint[] }>('/stats/trend', { params: { interval, from } }),
};
