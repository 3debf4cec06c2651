import { z } from 'zod';
import { isoDate } from './common';

/** Where a day's working status comes from: an admin's override, the packaged State Council table, or the weekday. */
export const CALENDAR_SOURCES = ['override', 'packaged', 'weekday'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

export const calendarYearQuerySchema = z.object({
  year: z.coerce
    .number({ message: '请填写年份，如 2027' })
    .int({ message: '年份应为整数' })
    .min(2000, { message: '年份不能早于 2000 年' })
    .max(2079, { message: '年份不能晚于 2079 年' }),
});

/** Dates the working calendar covers (and the admin page can show). */
export const calendarDateParamSchema = z.object({
  date: isoDate.refine((date) => date >= '2000-01-01' && date <= '2079-12-31', {
    message: '日期应在 2000 年至 2079 年之间',
  }),
});

/** An admin's correction for one date (a newly announced holiday, a 调休 working Saturday). */
export const calendarOverrideSchema = z.object({
  isWorkingDay: z.boolean({ message: '请说明这一天是否上班' }),
  note: z.string().trim().max(100, { message: '说明不超过 100 字' }).optional(),
});
export type CalendarOverrideInput = z.infer<typeof calendarOverrideSchema>;

/** A day that is not an ordinary Monday–Friday working day or weekend, or that an admin set. */
export const calendarDayViewSchema = z.object({
  date: z.string(),
  isWorkingDay: z.boolean(),
  source: z.enum(CALENDAR_SOURCES),
  note: z.string().nullable(),
});
export type CalendarDayView = z.infer<typeof calendarDayViewSchema>;

export const calendarYearSchema = z.object({
  year: z.number().int(),
  /** Whether the packaged holiday table covers the year; if not, only weekends and overrides count. */
  packaged: z.boolean(),
  workingDays: z.number().int(),
  /** Holidays on weekdays, working weekends, and every override, in date order. */
  exceptions: z.array(calendarDayViewSchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;
