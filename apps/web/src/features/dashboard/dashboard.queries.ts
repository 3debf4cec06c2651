import { useQuery } from '@tanstack/react-query';
import type { CockpitQuery, FigureFilter, UnitSort } from '@duban/contracts';
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

export const useUnitRanking = (
  sort: UnitSort,
  order: 'asc' | 'desc',
  filters?: FigureFilter,
  limit?: number,
) =>
  useQuery({
    queryKey: ['stats', 'units', sort, order, figureFilter(filters), limit],
    queryFn: () => dashboardApi.units(sort, order, figureFilter(filters), limit),
  });

export const useDocumentStats = (filters?: FigureFilter) =>
  useQuery({
    queryKey: ['stats', 'documents', figureFilter(filters)],
    queryFn: () => dashboardApi.documents(figureFilter(filters)),
  });

export const useTrend = (interval: 'day' | 'week' | 'month', from?: string, filters?: FigureFilter) =>
  useQuery({
    queryKey: ['stats', 'trend', interval, from, figureFilter(filters)],
    queryFn: () => dashboardApi.trend(interval, from, figureFilter(filters)),
  });
