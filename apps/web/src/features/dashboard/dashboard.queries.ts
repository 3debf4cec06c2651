import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CockpitQuery, DocumentStatsParams, FigureFilter, UnitStatsParams } from '@duban/contracts';
import { dashboardApi } from './dashboard.api';

export const useOverview = (filters: CockpitQuery = {}) =>
  useQuery({ queryKey: ['stats', 'overview', filters], queryFn: () => dashboardApi.overview(filters) });

export const useCockpit = (filters: CockpitQuery) =>
  useQuery({ queryKey: ['stats', 'cockpit', filters], queryFn: () => dashboardApi.cockpit(filters) });

/** The figures below take the cockpit's region and document filters (none on the dashboard). */
const figureFilter = ({ regionId, documentId }: FigureFilter = {}): FigureFilter => ({
  regionId,
  documentId,
});

/** One page of the ranking (the previous page stays on screen while the next loads). */
export const useUnitRanking = (params: UnitStatsParams) => {
  const query = { ...params, ...figureFilter(params) };
  return useQuery({
    queryKey: ['stats', 'units', query],
    queryFn: () => dashboardApi.units(query),
    placeholderData: keepPreviousData,
  });
};

/** One page of the documents' figures. */
export const useDocumentStats = (params: DocumentStatsParams) => {
  const query = { ...params, ...figureFilter(params) };
  return useQuery({
    queryKey: ['stats', 'documents', query],
    queryFn: () => dashboardApi.documents(query),
    placeholderData: keepPreviousData,
  });
};

export const useTrend = (interval: 'day' | 'week' | 'month', from?: string, filters?: FigureFilter) =>
  useQuery({
    queryKey: ['stats', 'trend', interval, from, figureFilter(filters)],
    queryFn: () => dashboardApi.trend(interval, from, figureFilter(filters)),
  });
