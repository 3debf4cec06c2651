import { z } from 'zod';
import { boundedDateRange, isoDate, uuid } from './common';
import { shanghaiDate } from './dates';
import type { Light } from './signals';
import type { TaskStatus } from './workflow';

export const statsQuerySchema = z.object({
  documentId: uuid.optional(),
  unitId: uuid.optional(),
  regionId: uuid.optional(),
});
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

/** The leader's 驾驶舱: filters the task list also takes, so every figure drills down to the same count. */
export const cockpitQuerySchema = statsQuerySchema;
export type CockpitQuery = z.infer<typeof cockpitQuerySchema>;
export interface CockpitView {
  /** Tasks per traffic light; each equals GET /tasks?light=… with the same filters. */
  lights: Record<Light, number>;
  /** Units whose open work trails 序时进度 the most (average gap in percentage points). */
  behindUnits: {
    unitId: string;
    unitName: string;
    /** Average of expected minus actual progress over the unit's open assignments with a deadline. */
    gap: number;
    /** The unit's yellow tasks: equals GET /tasks?unitId=…&light=yellow with the same filters. */
    yellowTasks: number;
  }[];
  /** Tasks with a leader's 批示, latest first. */
  instructed: {
    total: number;
    items: {
      taskId: string;
      code: string;
      title: string;
      light: Light;
      status: TaskStatus;
      instruction: string;
      authorName: string | null;
      at: string;
    }[];
  };
}
