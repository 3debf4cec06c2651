import type {
  CockpitQuery,
  CockpitView,
  DocumentStatsList,
  FigureFilter,
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
  units: (sort: UnitSort, order: 'asc' | 'desc', filters: FigureFilter = {}, limit?: number) =>
    api<UnitStatsList>('/stats/units', { params: { sort, order, limit, ...filters } }),
  documents: (filters: FigureFilter = {}) =>
    api<DocumentStatsList>('/stats/documents', { params: { ...filters } }),
  trend: (interval: NonNullable<TrendParams['interval']>, from?: string, filters: FigureFilter = {}) =>
    api<Trend>('/stats/trend', { params: { interval, from, ...filters } }),
};
