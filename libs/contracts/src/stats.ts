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
/** The figures' own filters (region, document): the ranking, the documents and the trend take them too. */
export const figureFilterSchema = statsQuerySchema.pick({ documentId: true, regionId: true });
export type FigureFilter = z.infer<typeof figureFilterSchema>;
export const unitStatsQuerySchema = figureFilterSchema.extend({
  sort: z.enum(['completionRate', 'overdue', 'total']).default('completionRate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** The first units only (the cockpit's top ten); all when absent. */
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});
/** The longest span a trend may cover per interval: a year by day, five by week, the window by month. */
export const TREND_MAX_DAYS = { day: 366, week: 5 * 366, month: 100 * 366 } as const;
export const trendQuerySchema = figureFilterSchema
  .extend({
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
  /** Tasks started (下达: their start date) in the period. */
  created: number;
  /** Tasks completed in the period, and of them those completed by their final deadline. */
  completed: number;
  completedOnTime: number;
  /** Tasks whose final deadline passed in the period without completion (the day after the deadline). */
  newOverdue: number;
  /** Completed / started up to the period's end, in percent (the last period's equals the overview's). */
  completionRate: number;
  /** Completed on time / completed in the period, in percent; null without completions. */
  onTimeRate: number | null;
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
