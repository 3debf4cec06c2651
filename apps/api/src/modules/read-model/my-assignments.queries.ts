// 我的任务: a unit's own assignments, open work first by deadline. Rides ix_assignment_unit (and
// ix_assignment_live_deadline for the overdue filter): a unit holds hundreds of rows, not the province's.
import { SqlParams } from '../../common/sql-params';
import { ASSIGNMENT_UNIT, assignmentSummarySql } from './summary-json';
import type { ReadQuery } from '../../database/prepared';
import { itemsOf, pageWithTotal, type ItemRow } from './task-ledger.queries';
import type { SignalParams } from './task-query';

export interface MyAssignmentsQuery {
  page: number;
  pageSize: number;
  status?: string;
  overdue?: boolean;
}

/** Open work first, then by deadline (none last), then task code. */
const MINE_ORDER = `ORDER BY CASE WHEN a.status IN ('completed', 'returned') THEN 1 ELSE 0 END, a.deadline NULLS LAST, t.code`;

/** A page of the unit's assignments as JSON text (daysLeft still to count: withToday) and its total. */
export async function myAssignments(
  read: ReadQuery,
  unitId: string | null,
  query: MyAssignmentsQuery,
  signals: SignalParams,
): Promise<{ items: string; total: number; totalCapped: boolean }> {
  if (!unitId) return { items: '[]', total: 0, totalCapped: false };
  const params = new SqlParams();
  const from = (into: SqlParams) => {
    const where = [`a.unit_id = ${into.add(unitId)}`];
    if (query.status) where.push(`a.status = ${into.add(query.status)}`);
    if (query.overdue !== undefined) {
      // live_deadline: set while open and the task in progress (a trigger keeps it; partial index).
      const overdue = `a.live_deadline < ${into.add(signals.today)}::date`;
      where.push(query.overdue ? overdue : `(${overdue}) IS NOT TRUE`);
    }
    return `FROM assignment a JOIN task t ON t.id = a.task_id WHERE ${where.join(' AND ')}`;
  };
  const item = assignmentSummarySql(signals, params, {
    taskCode: 't.code',
    taskTitle: 't.title',
    taskStatus: 't.status',
    documentTitle: '(SELECT d.title FROM policy_document d WHERE d.id = t.document_id)',
  });
  const { rows, ...total } = await pageWithTotal<ItemRow & { place: number }>(read, params, {
    rows: `SELECT ${item}::text AS item, row_number() OVER (${MINE_ORDER}) AS place
             FROM (SELECT a.* ${from(params)} ${MINE_ORDER}
                   LIMIT ${params.add(query.pageSize)} OFFSET ${params.add((query.page - 1) * query.pageSize)}) a
             JOIN task t ON t.id = a.task_id ${ASSIGNMENT_UNIT}`,
    order: 'p.place',
    from,
  });
  return { items: itemsOf(rows), ...total };
}
