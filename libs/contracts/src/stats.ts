import { z } from 'zod';
import { isoDate, uuid } from './common';

export const statsQuerySchema = z.object({ documentId: uuid.optional(), unitId: uuid.optional() });
export interface StatsOverview {
  total: number;
  completed: number;
  inProgress: number;
  overdue: number;
  dueSoon: number;
  completionRate: number;
  onTimeRate: number;
}
export interface UnitStats {
  unitId: string;
  unitName: string;
  total: number;
  completed: number;
  overdue: number;
  completionRate: number;
}
export interface DocumentStats {
  documentId: string;
  title: string;
  total: number;
  completed: number;
  overdue: number;
  completionRate: number;
}
export const unitStatsQuerySchema = z.object({
  sort: z.enum(['completionRate', 'overdue', 'total']).default('completionRate'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export const trendQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  interval: z.enum(['day', 'week', 'month']).default('week'),
});
export interface TrendPoint {
  periodStart: string;
  completed: number;
  newOverdue: number;
}
