import type { DocumentStats, StatsOverview, TrendPoint, UnitStats } from '@duban/contracts';
import { api } from '../../lib/http';

export type UnitSort = 'completionRate' | 'overdue' | 'total';

export const dashboardApi = {
  overview: () => api<StatsOverview>('/stats/overview'),
  units: (sort: UnitSort, order: 'asc' | 'desc') =>
    api<{ items: UnitStats[] }>('/stats/units', { params: { sort, order } }),
  documents: () => api<{ items: DocumentStats[] }>('/stats/documents'),
  trend: (interval: 'day' | 'week' | 'month') =>
    api<{ items: TrendPoint[] }>('/stats/trend', { params: { interval } }),
};
