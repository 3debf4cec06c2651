import type {
  CockpitQuery,
  CockpitView,
  DocumentStatsList,
  StatsOverview,
  Trend,
  TrendParams,
  UnitSort,
  UnitStatsList,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const dashboardApi = {
  overview: (filters: CockpitQuery = {}) => api<StatsOverview>('/stats/overview', { params: { ...filters } }),
  cockpit: (filters: CockpitQuery) => api<CockpitView>('/stats/cockpit', { params: { ...filters } }),
  units: (sort: UnitSort, order: 'asc' | 'desc') =>
    api<UnitStatsList>('/stats/units', { params: { sort, order } }),
  documents: () => api<DocumentStatsList>('/stats/documents'),
  trend: (interval: NonNullable<TrendParams['interval']>, from?: string) =>
    api<Trend>('/stats/trend', { params: { interval, from } }),
};
