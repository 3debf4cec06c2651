import { z } from 'zod';
import {
  boundedDateRange,
  isoDate,
  itemsSchema,
  type ListParams,
  pageQuerySchema,
  pageSchema,
  timestamp,
  uuid,
} from './common';
import { shanghaiDate } from './dates';
import { LIGHTS } from './signals';
import { TASK_STATUSES } from './workflow';

export const statsQuerySchema = z.object({
  documentId: uuid.optional(),
  unitId: uuid.optional(),
  regionId: uuid.optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;
export const statsOverviewSchema = z.object({
  total: z.number().int(),
  completed: z.number().int(),
  inProgress: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  completionRate: z.number(),
  onTimeRate: z.number(),
});
export type StatsOverview = z.infer<typeof statsOverviewSchema>;
export const unitStatsSchema = z.object({
  unitId: uuid,
  unitName: z.string(),
  total: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
  completionRate: z.number(),
});
export type UnitStats = z.infer<typeof unitStatsSchema>;
/** One page of the ranking, with the number of ranked units. */
export const unitStatsPageSchema = pageSchema(unitStatsSchema);
export type UnitStatsPage = z.infer<typeof unitStatsPageSchema>;
export const documentStatsSchema = z.object({
  documentId: uuid,
  title: z.string(),
  total: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
  completionRate: z.number(),
});
export type DocumentStats = z.infer<typeof documentStatsSchema>;
/** One page of the documents, with the number of documents that have tasks in the scope. */
export const documentStatsPageSchema = pageSchema(documentStatsSchema);
export type DocumentStatsPage = z.infer<typeof documentStatsPageSchema>;
/** The figures' own filters (region, document): the ranking, the documents and the trend take them too. */
export const figureFilterSchema = statsQuerySchema.pick({ documentId: true, regionId: true });
export type FigureFilter = z.infer<typeof figureFilterSchema>;
/** The figures a ranking sorts by (ties: the name, then the id). */
export const FIGURE_SORTS = ['completionRate', 'overdue', 'total'] as const;
/** Paged on the server: a province ranks thousands of units and documents, a page costs the page. */
export const unitStatsQuerySchema = pageQuerySchema.extend({
  ...figureFilterSchema.shape,
  sort: z.enum(FIGURE_SORTS).default('completionRate'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type UnitStatsParams = ListParams<typeof unitStatsQuerySchema>;
export type UnitSort = z.infer<typeof unitStatsQuerySchema>['sort'];
export const documentStatsQuerySchema = pageQuerySchema.extend({
  ...figureFilterSchema.shape,
  sort: z.enum(['title', ...FIGURE_SORTS]).default('title'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type DocumentStatsParams = ListParams<typeof documentStatsQuerySchema>;
export type DocumentSort = z.infer<typeof documentStatsQuerySchema>['sort'];
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
export type TrendParams = z.input<typeof trendQuerySchema>;
export const trendPointSchema = z.object({
  periodStart: z.string(),
  /** Tasks started (下达: their start date) in the period. */
  created: z.number().int(),
  /** Tasks completed in the period, and of them those completed by their final deadline. */
  completed: z.number().int(),
  completedOnTime: z.number().int(),
  /** Tasks whose final deadline passed in the period without completion (the day after the deadline). */
  newOverdue: z.number().int(),
  /** Completed / started up to the period's end, in percent (the last period's equals the overview's). */
  completionRate: z.number(),
  /** Completed on time / completed in the period, in percent; null without completions. */
  onTimeRate: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof trendPointSchema>;
export const trendSchema = itemsSchema(trendPointSchema);
export type Trend = z.infer<typeof trendSchema>;

/** The leader's 驾驶舱: filters the task list also takes, so every figure drills down to the same count. */
export const cockpitQuerySchema = statsQuerySchema;
export type CockpitQuery = z.infer<typeof cockpitQuerySchema>;
export const cockpitViewSchema = z.object({
  /** Tasks per traffic light; each equals GET /tasks?light=… with the same filters. */
  lights: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  /**
   * The ten units in the jurisdiction (and region) with the most live assignments behind 序时进度 today
   * (ties: name), each with its average gap in percentage points.
   */
  behindUnits: z.array(
    z.object({
      unitId: uuid,
      unitName: z.string(),
      /** Its live assignments (open, task in progress) more than the threshold behind 序时进度 today. */
      behind: z.number().int(),
      /** Average of expected minus actual progress over its live assignments with a deadline. */
      gap: z.number(),
      /** The unit's yellow tasks: equals GET /tasks?unitId=…&light=yellow with the same filters. */
      yellowTasks: z.number().int(),
    }),
  ),
  /** Tasks with a leader's 批示, latest first. */
  instructed: z.object({
    total: z.number().int(),
    items: z.array(
      z.object({
        taskId: uuid,
        code: z.string(),
        title: z.string(),
        light: z.enum(LIGHTS),
        status: z.enum(TASK_STATUSES),
        instruction: z.string(),
        authorName: z.string().nullable(),
        at: timestamp,
      }),
    ),
  }),
});
export type CockpitView = z.infer<typeof cockpitViewSchema>;
