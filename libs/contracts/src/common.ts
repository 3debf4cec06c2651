import { z } from 'zod';

// Messages a clerk reads: Chinese for every check that does not spell out its own.
z.config(z.locales.zhCN());

export const uuid = z.uuid({ message: '编号格式不正确' });
/** A calendar date in Asia/Shanghai, as the api and the web exchange it. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
  // Round-trip: Date.parse alone accepts 02-30 and rolls it into March.
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    },
    { message: '日期无效' },
  );

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, { message: '页码从 1 开始' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, { message: '每页最多 200 条' }).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Query-string booleans: `?overdue=true`. */
export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
