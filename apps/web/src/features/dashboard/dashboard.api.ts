import type {
  CockpitQuery,
  CockpitView,
  DocumentStats,
  FigureFilter,
  StatsOverview,
  TrendPoint,
  UnitStats,
} from '@duban/contracts';
import { api } from '../../lib/http';

export type UnitSort = 'completionRate' | 'overdue' | 'total';

export const dashboardApi = {
  overview: (filters: CockpitQuery = {}) => api<StatsOverview>('/stats/overview', { params: { ...filters } }),
  cockpit: (filters: CockpitQuery) => api<CockpitView>('/stats/cockpit', { params: { ...filters } }),
  units: (sort: UnitSort, order: 'asc' | 'desc', filters: FigureFilter = {}, limit?: number) =>
    api<{ items: UnitStats[] }>('/stats/units', { params: { sort, order, limit, ...filters } }),
  documents: (filters: FigureFilter = {}) =>
    api<{ items: DocumentStats[] }>('/stats/documents', { params: { ...filters } }),
  trend: (interval: 'day' | 'week' | 'month', from?: string, filters: FigureFilter = {}) =>
    api<{ items: TrendPoint[] }>('/stats/trend', { params: { interval, from, ...filters } }),
};
