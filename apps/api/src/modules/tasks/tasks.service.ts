import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  assignmentSignals,
  DEFAULT_SIGNAL_OPTIONS,
  ErrorCode,
  type AssignmentRole,
  type AssignmentSignalFields,
  type AssignmentSummary,
  type CreateTaskRequest,
  type Light,
  type Page,
  type ReportCycle,
  type TaskDetail,
  type TaskListQuery,
  type TaskSummary,
  type UpdateTaskRequest,
} from '@duban/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit/audit.service';
import { cancellations, newAssignments } from '../reminders/messages';
import { RemindersService } from '../reminders/reminders.service';
import { SettingsService } from '../settings/settings.service';
import { Assignment } from './assignment.entity';
import { describeHistory } from './history';
import { TaskComment } from './task-comment.entity';
import {
  canSeeTask,
  scopeCondition,
  signalSql,
  taskFrom,
  type SignalParams,
  type TaskFilters,
} from '../read-model/task-query';
import { scopeOf, SqlParams, unitsInScope, withinScope } from '../../common/scope';
import { Task } from './task.entity';
import { loadTaskChildren } from './task-children';

export interface NewTask {
  title: string;
  description: string | null;
  documentId: string | null;
  measureId: string | null;
  deadline: string | null;
  ongoing: boolean;
  reportCycle: ReportCycle | null;
  startDate: string;
  /** Published with its deadline already past, kept as it was: late from the start. */
  lateFromStart?: boolean;
  assignments: { unitId: string; role: AssignmentRole }[];
}

interface TaskRow {
  id: string;
  code: string;
  title: string;
  document_id: string | null;
  document_title: string | null;
  measure_number: string | null;
  deadline: string | null;
  ongoing: boolean;
  report_cycle: ReportCycle | null;
  status: TaskSummary['status'];
  version: number;
  created_at: Date;
  progress: number;
  overdue: boolean;
  light: Light;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  async signalParams(): Promise<SignalParams> {
    const rules = await this.settings.reminderRules();
    const today = this.clock.today();
    return {
      today,
      dueSoonDays: rules.lightDueSoonDays,
      dueSoonUntil: addDays(today, rules.lightDueSoonDays),
      behindThreshold: DEFAULT_SIGNAL_OPTIONS.behindThreshold,
    };
  }

  /**
   * Creates a task and its assignments inside the caller's transaction (publishing and ad hoc tasks).
   * The caller tells the units (newAssignments) once everything it creates is known.
   */
  async createTask(
    manager: EntityManager,
    actor: Actor,
    input: NewTask,
  ): Promise<Task & { assignments: Assignment[] }> {
    if (!input.assignments.length) throw new AppError(ErrorCode.BadRequest, '任务至少需要一个承办单位');
    const [{ code }] = await manager.query(
      `SELECT 'DB-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('task_code_seq')::text, 5, '0') AS code`,
    );
    const task = manager.create(Task, {
      code,
      title: input.title,
      description: input.description,
      documentId: input.documentId,
      measureId: input.measureId,
      deadline: input.deadline,
      ongoing: input.ongoing,
      reportCycle: input.reportCycle,
      startDate: input.startDate,
      lateFromStart: input.lateFromStart ?? false,
      status: 'in_progress',
      createdBy: actor.userId,
    });
    await manager.save(task);
    const assignments = input.assignments.map(({ unitId, role }) =>
      manager.create(Assignment, {
        taskId: task.id,
        unitId,
        role,
        deadline: input.deadline,
        status: 'pending',
      }),
    );
    await manager.save(assignments);
    await this.audit.record(manager, actor, {
      action: 'task.create',
      entityType: 'task',
      entityId: task.id,
      after: { ...task, assignments: assignments.map((a) => ({ id: a.id, unitId: a.unitId, role: a.role })) },
    });
    return Object.assign(task, { assignments });
  }

  async createAdHoc(actor: Actor, body: CreateTaskRequest): Promise<TaskDetail> {
    const { taskId, messages } = await this.dataSource.transaction(async (manager) => {
      const unitIds = [...body.leadUnitIds, ...body.responsibleUnitIds];
      const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM unit WHERE id = ANY($1)', [
        [...new Set(unitIds)],
      ]);
      if (count !== new Set(unitIds).size) throw new AppError(ErrorCode.BadRequest, '所选单位不存在');
      if (!(await withinScope(manager, scopeOf(actor), unitIds)))
        throw forbidden('所选单位不在您的管辖范围内');
      const roles = new Map<string, AssignmentRole>();
      for (const id of body.leadUnitIds) roles.set(id, 'lead');
      for (const id of body.responsibleUnitIds) if (!roles.has(id)) roles.set(id, 'responsible');
      const task = await this.createTask(manager, actor, {
        title: body.title,
        description: body.description ?? null,
        documentId: null,
        measureId: null,
        deadline: body.deadline ?? null,
        ongoing: body.ongoing,
        reportCycle: body.reportCycle ?? (body.ongoing ? 'monthly' : null),
        startDate: this.clock.today(),
        assignments: [...roles].map(([unitId, role]) => ({ unitId, role })),
      });
      const messages = await this.reminders.record(
        manager,
        newAssignments([{ task, assignments: task.assignments }]),
      );
      return { taskId: task.id, messages };
    });
    await this.reminders.dispatch(messages);
    return this.get(actor, taskId);
  }

  async list(actor: Actor, query: TaskListQuery): Promise<Page<TaskSummary>> {
    const { page, pageSize, ...filters } = query;
    const { rows, total } = await this.query(actor, filters, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.withAssignments(rows), total, page, pageSize };
  }

  /** One page of rows for the list, with the total count. */
  async query(
    actor: Actor,
    filters: TaskFilters,
    page: { limit: number; offset: number },
  ): Promise<{ rows: TaskRow[]; total: number }> {
    const params = new SqlParams();
    const signals = await this.signalParams();
    const from = taskFrom(scopeOf(actor), filters, signals, params);
    const count = this.dataSource.query(`SELECT count(*)::int AS total ${from}`, [...params.values]);
    const sql = signalSql(signals, params);
    // Overdue first (earliest open deadline), then due soon and the rest; closed tasks last.
    const rows: TaskRow[] = await this.dataSource.query(
      `SELECT t.id, t.code, t.title, t.document_id, d.title AS document_title, m.number AS measure_number,
              to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.ongoing, t.report_cycle, t.status, t.version, t.created_at,
              t.rollup_progress AS progress, COALESCE(${sql.overdue}, false) AS overdue, ${sql.light} AS light
         FROM (SELECT t.* ${from}
                ORDER BY t.open_deadline NULLS LAST, t.deadline NULLS LAST, t.code
                LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}) t
         LEFT JOIN policy_document d ON d.id = t.document_id
         LEFT JOIN measure m ON m.id = t.measure_id
        ORDER BY t.open_deadline NULLS LAST, t.deadline NULLS LAST, t.code`,
      params.values,
    );
    const [{ total }] = await count;
    return { rows, total };
  }

  async assignmentSummaries(taskIds: string[]): Promise<Map<string, AssignmentSummary[]>> {
    const byTask = new Map<string, AssignmentSummary[]>();
    if (!taskIds.length) return byTask;
    const signals = await this.signalParams();
    const rows: (Omit<AssignmentSummary, 'acceptedAt' | 'completedAt' | keyof AssignmentSignalFields> & {
      acceptedAt: Date | null;
      completedAt: Date | null;
      taskStatus: TaskSummary['status'];
      startDate: string;
      pendingExtension: boolean;
      lateFromStart: boolean;
    })[] = await this.dataSource.query(
      `SELECT a.id, a.task_id AS "taskId", a.unit_id AS "unitId", u.name AS "unitName", a.role, a.status, a.progress,
                to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.extension_count AS "extensionCount", a.version,
                a.accepted_at AS "acceptedAt", a.completed_at AS "completedAt",
                t.status AS "taskStatus", to_char(t.start_date, 'YYYY-MM-DD') AS "startDate", t.late_from_start AS "lateFromStart",
                EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending') AS "pendingExtension"
           FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN task t ON t.id = a.task_id
          WHERE a.task_id = ANY($1)
          ORDER BY CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.name`,
      [taskIds],
    );
    for (const row of rows) {
      const { taskStatus, startDate, pendingExtension, lateFromStart, ...fields } = row;
      const summary: AssignmentSummary = {
        ...fields,
        ...assignmentSignals({ ...row, taskStatus, startDate, pendingExtension, lateFromStart }, signals),
        acceptedAt: row.acceptedAt ? new Date(row.acceptedAt).toISOString() : null,
        completedAt: row.completedAt ? new Date(row.completedAt).toISOString() : null,
      };
      byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), summary]);
    }
    return byTask;
  }

  private async withAssignments(rows: TaskRow[]): Promise<TaskSummary[]> {
    const assignments = await this.assignmentSummaries(rows.map((row) => row.id));
    return rows.map((row) => toSummary(row, assignments.get(row.id) ?? []));
  }

  /** A task the caller may see, or 404 (a unit without an assignment on it cannot tell it exists). */
  async get(actor: Actor, id: string): Promise<TaskDetail> {
    const params = new SqlParams();
    const sql = signalSql(await this.signalParams(), params);
    const visible = scopeCondition(scopeOf(actor), params) ?? 'TRUE';
    const rows: (TaskRow & { description: string | null; measure_path: string[] | null })[] =
      await this.dataSource.query(
        `SELECT t.id, t.code, t.title, t.description, t.document_id, d.title AS document_title, m.number AS measure_number,
              m.path AS measure_path, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.ongoing, t.report_cycle, t.status,
              t.version, t.created_at, t.rollup_progress AS progress, COALESCE(${sql.overdue}, false) AS overdue, ${sql.light} AS light
         FROM task t
         LEFT JOIN policy_document d ON d.id = t.document_id
         LEFT JOIN measure m ON m.id = t.measure_id
        WHERE t.id = ${params.add(id)} AND ${visible}`,
        params.values,
      );
    if (!rows.length) throw notFound('督办事项');
    const [summary] = await this.withAssignments(rows);
    // A shared task shows each caller the reports, extensions and history of the units they oversee only.
    const inScope = await unitsInScope(
      this.dataSource,
      scopeOf(actor),
      summary.assignments.map((a) => a.unitId),
    );
    const visibleIds = summary.assignments.filter((a) => inScope.has(a.unitId)).map((a) => a.id);
    const children = await loadTaskChildren(this.dataSource, id, summary.assignments, new Set(visibleIds));
    const history = await this.audit.historyOf(
      [id, ...visibleIds, ...children.entityIds],
      ['task', 'assignment', 'report', 'extension_request'],
    );
    return {
      ...summary,
      description: rows[0].description,
      measurePath: rows[0].measure_path ?? [],
      reports: children.reports,
      extensionRequests: children.extensionRequests,
      comments: children.comments,
      history: describeHistory(history, {
        actorUnits: await this.audit.actorUnits(history.map((entry) => entry.actorId)),
        unitNames: new Map(summary.assignments.map((a) => [a.unitId, a.unitName])),
      }),
    };
  }

  /** Throws 404 unless the caller can see the task. */
  async assertVisible(actor: Actor, taskId: string): Promise<void> {
    if (!(await canSeeTask(this.dataSource, actor, taskId))) throw notFound('督办事项');
  }

  async update(actor: Actor, id: string, body: UpdateTaskRequest): Promise<TaskDetail> {
    await this.assertVisible(actor, id);
    const messages = await this.dataSource.transaction(async (manager) => {
      const task = await this.lockForChange(manager, actor, id, '修改');
      if (task.version !== body.version) throw staleVersion(task.version);
      if (task.status !== 'in_progress') {
        throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，不能修改', {
          status: task.status,
        });
      }
      const before = { ...task };
      if (body.title !== undefined) task.title = body.title;
      if (body.description !== undefined) task.description = body.description ?? null;
      if (body.ongoing !== undefined) task.ongoing = body.ongoing;
      if (body.reportCycle !== undefined) task.reportCycle = body.reportCycle ?? null;
      if (body.status === 'cancelled') task.status = 'cancelled';
      if (body.deadline !== undefined && body.deadline !== task.deadline) {
        // A new task deadline moves every assignment that has not been given its own extension.
        await manager
          .createQueryBuilder()
          .update(Assignment)
          .set({ deadline: body.deadline ?? null, version: () => 'version + 1' })
          .where('task_id = :id AND extension_count = 0 AND status NOT IN (:...done)', {
            id,
            done: ['completed', 'returned'],
          })
          .execute();
        task.deadline = body.deadline ?? null;
      }
      task.version += 1;
      await manager.save(task);
      await this.audit.record(manager, actor, {
        action: 'task.update',
        entityType: 'task',
        entityId: id,
        before,
        after: task,
      });
      return task.status === 'cancelled'
        ? this.reminders.record(
            manager,
            await this.openCancellations(manager, [task], '任务已撤销', '未说明'),
          )
        : [];
    });
    await this.reminders.dispatch(messages);
    return this.get(actor, id);
  }

  /**
   * Locks a task for a change. Changing or cancelling a task touches every unit on it: only someone
   * who oversees them all may (`verb` names the change in the refusal).
   */
  private async lockForChange(manager: EntityManager, actor: Actor, id: string, verb: string): Promise<Task> {
    const task = await manager.findOne(Task, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task) throw notFound('督办事项');
    const unitIds: string[] = (
      await manager.query('SELECT unit_id FROM assignment WHERE task_id = $1', [id])
    ).map((row: { unit_id: string }) => row.unit_id);
    if (!(await withinScope(manager, scopeOf(actor), unitIds)))
      throw forbidden(`该事项涉及您管辖范围以外的单位，请由上级督查部门${verb}`);
    return task;
  }

  /** 撤销: a task in progress is cancelled with a reason; its units with open work are told. */
  async cancel(actor: Actor, id: string, reason: string): Promise<TaskDetail> {
    await this.assertVisible(actor, id);
    const messages = await this.dataSource.transaction(async (manager) => {
      const task = await this.lockForChange(manager, actor, id, '撤销');
      if (task.status !== 'in_progress')
        throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，不能再撤销', {
          status: task.status,
        });
      return this.cancelInTransaction(manager, actor, [task], reason, '任务已撤销');
    });
    await this.reminders.dispatch(messages);
    return this.get(actor, id);
  }

  /**
   * Cancels tasks in progress (locked by the caller) inside the caller's transaction: each audited
   * with the reason, the units with open work told. Returns ledger ids to dispatch after commit.
   */
  async cancelInTransaction(
    manager: EntityManager,
    actor: Actor,
    tasks: Task[],
    reason: string,
    what: string,
  ): Promise<string[]> {
    for (const task of tasks) {
      const before = { status: task.status };
      task.status = 'cancelled';
      task.version += 1;
      await manager.save(task);
      await this.audit.record(manager, actor, {
        action: 'task.cancel',
        entityType: 'task',
        entityId: task.id,
        before,
        after: { status: task.status, reason },
      });
    }
    return this.reminders.record(manager, await this.openCancellations(manager, tasks, what, reason));
  }

  private async openCancellations(manager: EntityManager, tasks: Task[], what: string, reason: string) {
    if (!tasks.length) return [];
    const open: Assignment[] = await manager
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .where('a.task_id IN (:...ids) AND a.status NOT IN (:...done)', {
        ids: tasks.map((t) => t.id),
        done: ['completed', 'returned'],
      })
      .getMany();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return cancellations(
      open.map((assignment) => ({ task: byId.get(assignment.taskId)!, assignment })),
      what,
      reason,
    );
  }

  async comment(actor: Actor, taskId: string, content: string): Promise<TaskDetail> {
    await this.assertVisible(actor, taskId);
    await this.dataSource.transaction(async (manager) => {
      const kind = actor.roles.includes('leader') ? 'instruction' : 'comment';
      const comment = await manager.save(
        manager.create(TaskComment, { taskId, kind, content, authorId: actor.userId }),
      );
      await this.audit.record(manager, actor, {
        action: kind === 'instruction' ? 'task.instruction' : 'task.comment',
        entityType: 'task',
        entityId: taskId,
        after: { commentId: comment.id, content },
      });
    });
    return this.get(actor, taskId);
  }

  async urge(
    actor: Actor,
    taskId: string,
    body: { message: string; unitIds?: string[] },
  ): Promise<{ reminders: number }> {
    const task = await this.get(actor, taskId);
    if (task.status !== 'in_progress')
      throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，无需催办', { status: task.status });
    const open = task.assignments.filter((a) => a.status !== 'completed' && a.status !== 'returned');
    const chosen = body.unitIds?.length ? open.filter((a) => body.unitIds!.includes(a.unitId)) : open;
    if (!chosen.length) throw new AppError(ErrorCode.BadRequest, '所选单位没有未办结的任务，无需催办');
    // A supervisor urges only the units they oversee on a task shared with others.
    const inScope = await unitsInScope(
      this.dataSource,
      scopeOf(actor),
      chosen.map((a) => a.unitId),
    );
    const targets = chosen.filter((a) => inScope.has(a.unitId));
    if (!targets.length) throw forbidden('所选单位不在您的管辖范围内');
    return this.reminders.urge(actor, {
      taskId,
      assignmentIds: targets.map((a) => a.id),
      message: body.message,
    });
  }
}

function toSummary(row: TaskRow, assignments: AssignmentSummary[]): TaskSummary {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    documentId: row.document_id,
    documentTitle: row.document_title,
    measureNumber: row.measure_number,
    deadline: row.deadline,
    ongoing: row.ongoing,
    reportCycle: row.report_cycle,
    status: row.status,
    progress: row.progress,
    overdue: row.overdue,
    light: row.light,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    assignments,
  };
}
