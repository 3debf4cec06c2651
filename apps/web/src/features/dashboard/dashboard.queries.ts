import { useQuery } from '@tanstack/react-query';
import { dashboardApi, type UnitSort } from './dashboard.api';

export const useOverview = () =>
  useQuery({ queryKey: ['stats', 'overview'], queryFn: dashboardApi.overview });

export const useUnitRanking = (sort: UnitSort, order: 'asc' | 'desc') =>
  useQuery({ queryKey: ['stats', 'units', sort, order], queryFn: () => dashboardApi.units(sort, order) });

export const useDocumentStats = () =>
  useQuery({ queryKey: ['stats', 'documents'], queryFn: dashboardApi.documents });

export const useTrend = (interval: 'day' | 'week' | 'month') =>
  useQuery({ queryKey: ['stats', 'trend', interval], queryFn: () => dashboardApi.trend(interval) });
