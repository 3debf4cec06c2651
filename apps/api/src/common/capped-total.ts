// Totals of the lists that grow without bound (the task list, the audit trail, the reminder ledger) stop
// counting at TOTAL_CAP: counting millions of rows for "共 N 条" cost seconds, and nobody pages that far.
import { ErrorCode, TOTAL_CAP } from '@duban/contracts';
import { AppError } from './app-error';

/** A count of up to cap + 1 rows as the page's total: TOTAL_CAP and `totalCapped` beyond it ("10,000+"). */
export const cappedTotal = (counted: number) =>
  counted > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true } : { total: counted, totalCapped: false };

/** SQL: the rows of `from` (`FROM … WHERE …`) counted up to cap + 1. */
export const cappedCountSql = (from: string, cap = TOTAL_CAP) =>
  `(SELECT count(*)::int FROM (SELECT 1 ${from} LIMIT ${cap + 1}) capped)`;

/** Refuses a page number that starts beyond the cap (OFFSET would read every row before it). */
export function assertPageWithinCap(page: number, pageSize: number): void {
  if ((page - 1) * pageSize >= TOTAL_CAP)
    throw new AppError(ErrorCode.Validation, `页码过大：请缩小筛选范围（最多显示前 ${TOTAL_CAP} 条）`);
}
