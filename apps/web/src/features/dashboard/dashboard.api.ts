import type {
  CockpitQuery,
  CockpitView,
  DocumentStatsPage,
  DocumentStatsParams,
  FigureFilter,
  StatsOverview,
  Trend,
  TrendParams,
  UnitStatsPage,
  UnitStatsParams,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const dashboardApi = {
  overview: (filters: CockpitQuery = {}) => api<StatsOverview>('/stats/overview', { params: { ...filters } }),
  cockpit: (filters: CockpitQuery) => api<CockpitView>('/stats/cockpit', { params: { ...filters } }),
  /** One page of the ranking, sorted on the server. */
  units: (params: UnitStatsParams) => api<UnitStatsPage>('/stats/units', { params: { ...params } }),
  /** One page of the documents, sorted on the server. */
  documents: (params: DocumentStatsParams) =>
    api<DocumentStatsPage>('/stats/documents', { params: { ...params } }),
  trend: (interval: NonNullable<TrendParams['interval']>, from?: string, filters: FigureFilter = {}) =>
    api<Trend>('/stats/trend', { params: { interval, from, ...filters } }),
};
