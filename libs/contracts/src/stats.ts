import { z } from 'zod';
import { boundedDateRange, isoDate, uuid } from './common';
import { shanghaiDate } from './dates';

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
/** The longest span a trend may cover per interval: a year by day, five by week, the window by month. */
export const TREND_MAX_DAYS = { day: 366, week: 5 * 366, month: 100 * 366 } as const;
export const trendQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    interval: z.enum(['day', 'week', 'month']).default('week'),
  })
  // A missing `to` means today, as the api fills it.
  .superRefine((query, ctx) =>
    boundedDateRange(
      'from',
      'to',
      TREND_MAX_DAYS[query.interval],
    )({ from: query.from, to: query.to ?? shanghaiDate(new Date()) }, ctx),
  );
export interface TrendPoint {
  periodStart: string;
  completed: number;
  newOverdue: number;
}
