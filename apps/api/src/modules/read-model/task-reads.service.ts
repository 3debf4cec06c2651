import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AssignmentSummary, ProgressReportView, TaskDetail, TaskListQuery } from '@duban/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import type { JsonText } from '../../common/json-text';
import { notFound } from '../../common/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { preparedReads, type ReadQuery } from '../../database/prepared';
import { scopeOf } from '../units/jurisdiction';
import { DeadlineSignals } from './deadline-signals';
import { compactSoon } from './figures';
import { myAssignments, type MyAssignmentsQuery } from './my-assignments.queries';
import { pageText, withToday } from './summary-json';
import { assignmentSummary, reportView, taskDetail } from './task-detail.queries';
import { taskLedgerPage } from './task-ledger.queries';
import { canSeeTask, type SignalParams } from './task-query';

/** The task reads the tasks routes answer with: the list (台账), the detail, 我的任务, single views after a write. */
@Injectable()
export class TaskReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: DeadlineSignals,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.read = preparedReads(dataSource, config.database.preparedStatements);
  }

  /** The hot reads' statements, planned once per connection where the deployment allows. */
  private readonly read: ReadQuery;

  /** A TaskPage, written by PostgreSQL (summary-json.ts). */
  async list(actor: Actor, query: TaskListQuery): Promise<JsonText> {
    const signals = await this.signals.params();
    // The list's total reads the counters too: keep them compacted (past days folded, deltas moved) as the
    // dashboard does, so a total sums a few rows even where nobody opens the dashboard.
    compactSoon(this.dataSource, signals.today);
    const { items, ...rest } = await taskLedgerPage(
      this.dataSource,
      this.read,
      scopeOf(actor),
      query,
      signals,
    );
    return answer(items, rest, query, signals);
  }

  async get(actor: Actor, id: string): Promise<TaskDetail> {
    return taskDetail(this.read, scopeOf(actor), id, await this.signals.params());
  }

  /** A page of MyAssignmentView, written by PostgreSQL (summary-json.ts). */
  async mine(actor: Actor, query: MyAssignmentsQuery): Promise<JsonText> {
    const signals = await this.signals.params();
    const { items, ...rest } = await myAssignments(this.read, actor.unitId, query, signals);
    return answer(items, rest, query, signals);
  }

  /** One assignment's summary, as a move by its unit answers. */
  async assignment(taskId: string, id: string): Promise<AssignmentSummary> {
    const found = await assignmentSummary(this.read, taskId, id, await this.signals.params());
    if (!found) throw notFound('承办任务');
    return found;
  }

  report(reportId: string): Promise<ProgressReportView> {
    return reportView(this.read, reportId);
  }

  /** Throws 404 unless the caller can see the task. */
  async assertVisible(actor: Actor, taskId: string): Promise<void> {
    if (!(await canSeeTask(this.dataSource, actor, taskId))) throw notFound('督办事项');
  }
}

/** A page as sent: its items' daysLeft counted, then the page's other fields around them. */
const answer = (
  items: string,
  fields: Record<string, unknown>,
  query: { page: number; pageSize: number },
  signals: SignalParams,
) => pageText(withToday(items, signals), { ...fields, page: query.page, pageSize: query.pageSize });
