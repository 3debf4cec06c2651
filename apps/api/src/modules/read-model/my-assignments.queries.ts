// 我的任务: a unit's own assignments, open work first by deadline. Rides ix_assignment_unit (and
// ix_assignment_live_deadline for the overdue filter): a unit holds hundreds of rows, not the province's.
import type { CappedPage, MyAssignmentView, TaskStatus } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql-params';
import { assignmentSummaries } from './task-detail.queries';
import { listTotal } from './task-ledger.queries';
import type { SignalParams } from './task-query';

export interface MyAssignmentsQuery {
  page: number;
  pageSize: number;
  status?: string;
  overdue?: boolean;
}

export async function myAssignments(
  dataSource: DataSource,
  unitId: string | null,
  query: MyAssignmentsQuery,
  signals: SignalParams,
): Promise<CappedPage<MyAssignmentView>> {
  const empty = { items: [], total: 0, totalCapped: false, page: query.page, pageSize: query.pageSize };
  if (!unitId) return empty;
  const params = new SqlParams();
  const where = [`a.unit_id = ${params.add(unitId)}`];
  if (query.status) where.push(`a.status = ${params.add(query.status)}`);
  if (query.overdue !== undefined) {
    // live_deadline: set while open and the task in progress (a trigger keeps it; partial index).
    const overdue = `a.live_deadline < ${params.add(signals.today)}::date`;
    where.push(query.overdue ? overdue : `(${overdue}) IS NOT TRUE`);
  }
  const from = `FROM assignment a JOIN task t ON t.id = a.task_id WHERE ${where.join(' AND ')}`;
  const counted = listTotal(dataSource, from, [...params.values]);
  const listed: Promise<
    {
      id: string;
      task_id: string;
      code: string;
      title: string;
      task_status: TaskStatus;
      document_title: string | null;
    }[]
  > = dataSource.query(
    `SELECT a.id, a.task_id, t.code, t.title, t.status AS task_status,
            (SELECT d.title FROM policy_document d WHERE d.id = t.document_id) AS document_title
       ${from}
      ORDER BY CASE WHEN a.status IN ('completed', 'returned') THEN 1 ELSE 0 END, a.deadline NULLS LAST, t.code
      LIMIT ${params.add(query.pageSize)} OFFSET ${params.add((query.page - 1) * query.pageSize)}`,
    params.values,
  );
  const [rows, total] = await Promise.all([listed, counted]);
  const { byTask } = await assignmentSummaries(dataSource, [...new Set(rows.map((r) => r.task_id))], signals);
  const byId = new Map([...byTask.values()].flat().map((s) => [s.id, s]));
  return {
    items: rows.map((row) => ({
      ...byId.get(row.id)!,
      taskCode: row.code,
      taskTitle: row.title,
      taskStatus: row.task_status,
      documentTitle: row.document_title,
    })),
    ...total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
