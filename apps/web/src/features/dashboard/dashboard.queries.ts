import { useQuery } from '@tanstack/react-query';
import type { CockpitQuery } from '@duban/contracts';
import type { UnitSort } from '@duban/contracts';
import { dashboardApi } from './dashboard.api';

export const useOverview = (filters: CockpitQuery = {}) =>
  useQuery({ queryKey: ['stats', 'overview', filters], queryFn: () => dashboardApi.overview(filters) });

export const useCockpit = (filters: CockpitQuery) =>
  useQuery({ queryKey: ['stats', 'cockpit', filters], queryFn: () => dashboardApi.cockpit(filters) });

export const useUnitRanking = (sort: UnitSort, order: 'asc' | 'desc') =>
  useQuery({ queryKey: ['stats', 'units', sort, order], queryFn: () => dashboardApi.units(sort, order) });

export const useDocumentStats = () =>
  useQuery({ queryKey: ['stats', 'documents'], queryFn: dashboardApi.documents });

export const useTrend = (interval: 'day' | 'week' | 'month', from?: string) =>
  useQuery({
    queryKey: ['stats', 'trend', interval, from],
    queryFn: () => dashboardApi.trend(interval, from),
  });
