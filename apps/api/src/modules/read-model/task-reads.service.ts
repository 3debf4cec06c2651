import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AssignmentSummary,
  CappedPage,
  MyAssignmentView,
  ProgressReportView,
  TaskDetail,
  TaskListQuery,
  TaskPage,
} from '@duban/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/app-error';
import { SqlParams } from '../../common/sql-params';
import { scopeOf } from '../units/jurisdiction';
import { DeadlineSignals } from './deadline-signals';
import { myAssignments, type MyAssignmentsQuery } from './my-assignments.queries';
import {
  assignmentSummaries,
  reportView,
  taskDetail,
  toAssignmentSummary,
  toSummary,
} from './task-detail.queries';
import { taskLedgerPage } from './task-ledger.queries';
import { canSeeTask, scopeCondition } from './task-query';

/** The task reads the tasks routes answer with: the list (台账), the detail, 我的任务, single views after a write. */
@Injectable()
export class TaskReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: DeadlineSignals,
  ) {}

  async list(actor: Actor, query: TaskListQuery): Promise<TaskPage> {
    const signals = await this.signals.params();
    const { rows, ...rest } = await taskLedgerPage(this.dataSource, scopeOf(actor), query, signals);
    return {
      items: rows.map((row) =>
        toSummary(
          row,
          row.assignments.map((assignment) => toAssignmentSummary(assignment, signals)),
          signals,
        ),
      ),
      ...rest,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<TaskDetail> {
    return taskDetail(this.dataSource, scopeOf(actor), id, await this.signals.params());
  }

  async mine(actor: Actor, query: MyAssignmentsQuery): Promise<CappedPage<MyAssignmentView>> {
    return myAssignments(this.dataSource, actor.unitId, query, await this.signals.params());
  }

  /** One assignment's summary, as a move by its unit answers. */
  async assignment(taskId: string, id: string): Promise<AssignmentSummary> {
    const assignments = await assignmentSummaries(this.dataSource, taskId, await this.signals.params());
    const found = assignments.find((a) => a.id === id);
    if (!found) throw notFound('承办任务');
    return found;
  }

  report(reportId: string): Promise<ProgressReportView> {
    return reportView(this.dataSource, reportId);
  }

  /**
   * The task and unit of an assignment the caller may see (one statement): 404 when it does not exist,
   * or its task is hidden from the caller (as the task routes answer).
   */
  async locateAssignment(actor: Actor, id: string): Promise<{ taskId: string; unitName: string }> {
    const params = new SqlParams();
    const visible = scopeCondition(scopeOf(actor), params) ?? 'TRUE';
    const [row]: { task_id: string; unit_name: string; visible: boolean }[] = await this.dataSource.query(
      `SELECT a.task_id, u.name AS unit_name, ${visible} AS visible
         FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
        WHERE a.id = ${params.add(id)}`,
      params.values,
    );
    if (!row) throw notFound('承办任务');
    if (!row.visible) throw notFound('督办事项');
    return { taskId: row.task_id, unitName: row.unit_name };
  }

  /** Throws 404 unless the caller can see the task. */
  async assertVisible(actor: Actor, taskId: string): Promise<void> {
    if (!(await canSeeTask(this.dataSource, actor, taskId))) throw notFound('督办事项');
  }
}
