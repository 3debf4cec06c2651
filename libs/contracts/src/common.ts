import { z } from 'zod';

// Messages a clerk reads: Chinese for every check that does not spell out its own, and lengths in words a
// clerk uses (zod's own reads "数值过大：期望 string <=100 字符" for a search that is too long).
z.config({ ...z.locales.zhCN(), customError: plainMessage });

/**
 * Too long or too short text and lists, and numbers that are not, said plainly; anything else falls back to
 * the locale (which reads "无效输入：期望 int，实际接收 数字" for 50.5 and "实际接收 NaN" for a blank number).
 */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.expected === 'int') return '应为整数';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return '请填写数字';
  const unit = issue.origin === 'string' ? '个字' : issue.origin === 'array' ? '项' : null;
  if (!unit) return undefined;
  if (issue.code === 'too_big') return `最多 ${issue.maximum} ${unit}`;
  if (issue.code === 'too_small')
    return issue.origin === 'string' && issue.minimum === 1 ? '不能为空' : `至少 ${issue.minimum} ${unit}`;
  return undefined;
}

export const uuid = z.uuid({ message: '编号格式不正确' });
/** The dates the system accepts anywhere (deadlines, filters, ranges). */
export const DATE_WINDOW = { from: '2000-01-01', to: '2099-12-31' } as const;

/** A calendar date in Asia/Shanghai, as the api and the web exchange it. */
export const isoDate = z
  .string()
  // Each check aborts, so a clerk reads the one thing wrong, not three.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  // Round-trip: Date.parse alone accepts 02-30 and rolls it into March.
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    },
    { message: '日期无效', abort: true },
  )
  // A sane window: a year-0000 or 9999-12-31 deadline is a typo, and costs every reader of it.
  .refine((value) => value >= DATE_WINDOW.from && value <= DATE_WINDOW.to, {
    message: '日期应在 2000 年至 2099 年之间',
  });

/**
 * A from/to query pair: each optional, `from` not after `to`, and (with `maxDays`) at most that far apart,
 * so one request never asks the database for a century of rows.
 */
export function boundedDateRange<F extends string, T extends string>(
  fromKey: F,
  toKey: T,
  maxDays = Number.POSITIVE_INFINITY,
) {
  return (range: Partial<Record<F | T, string | undefined>>, ctx: z.RefinementCtx) => {
    const from = range[fromKey];
    const to = range[toKey];
    if (!from || !to) return;
    if (from > to) ctx.addIssue({ code: 'custom', path: [toKey], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > maxDays)
      ctx.addIssue({ code: 'custom', path: [toKey], message: `查询范围不能超过 ${maxDays} 天` });
  };
}

// Control, format (zero-width, bidi), private-use and unassigned characters, and the Hangul fillers
// that render as nothing: a name carrying one looks like another name but is not.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;
// Full-width punctuation is how Chinese names are written (（市、区）), so NFKC leaves it alone.
const NOT_FULLWIDTH_PUNCTUATION = /[^\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/g;

/** NFKC (full-width letters and digits to ASCII, compatibility forms folded), keeping full-width punctuation. */
export function normalizeName(value: string): string {
  return value.replace(NOT_FULLWIDTH_PUNCTUATION, (run) => run.normalize('NFKC')).trim();
}

/** A person's or a unit's name: normalised, and refused when it carries an invisible character. */
export function nameText(min: number, max: number, label: string) {
  return z
    .string()
    .transform(normalizeName)
    .pipe(
      z
        .string()
        .min(min, { message: min > 1 ? `${label}至少 ${min} 个字` : `请输入${label}` })
        .max(max, { message: `${label}过长` })
        .refine((value) => !INVISIBLE.test(value), { message: `${label}含有不可见字符或控制字符` }),
    );
}

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, { message: '页码从 1 开始' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(200, { message: '每页最多 200 条' }).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;
/** A list route's query as a client sends it: the schema's input, paging as numbers. */
export type ListParams<S extends z.ZodType> = Omit<z.input<S>, 'page' | 'pageSize'> & Partial<PageQuery>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// Response schemas: what the api answers, parsed by its serializer (unknown keys stripped) and shown in OpenAPI.

/** An instant as the api answers it: an ISO string (a Date from the database is written as one). */
export const timestamp = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString() : value),
  z.string(),
);

/** One page of a list route: `Page<T>` as a schema. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A list answered whole, as `{ items }`. */
export function itemsSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** Query-string booleans: `?overdue=true`. */
export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
