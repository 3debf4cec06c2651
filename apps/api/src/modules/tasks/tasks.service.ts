import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ErrorCode,
  type AssignmentRole,
  type CreateTaskRequest,
  type ReportCycle,
  type TaskDetail,
  type UpdateTaskRequest,
} from '@duban/contracts';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit/audit.service';
import { cancellations, newAssignments } from '../reminders/messages';
import { RemindersService } from '../reminders/reminders.service';
import { Assignment } from './assignment.entity';
import { TaskComment } from './task-comment.entity';
import { Transactions } from '../../database/transactions';
import { TaskReads } from '../read-model/task-reads.service';
import { UnitsService } from '../units/units.service';
import { scopeOf, unitsInScope, withinScope } from '../units/jurisdiction';
import { Task } from './task.entity';

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

@Injectable()
export class TasksService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    private readonly audit: AuditService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly reads: TaskReads,
  ) {}

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
    const { taskId, messages } = await this.transactions.run(async (manager) => {
      const unitIds = [...body.leadUnitIds, ...body.responsibleUnitIds];
      await this.units.assertExist(manager, unitIds);
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
    return this.reads.get(actor, taskId);
  }

  /** Throws 404 unless the caller can see the task. */
  async assertVisible(actor: Actor, taskId: string): Promise<void> {
    await this.reads.assertVisible(actor, taskId);
  }

  async update(actor: Actor, id: string, body: UpdateTaskRequest): Promise<TaskDetail> {
    await this.assertVisible(actor, id);
    const messages = await this.transactions.run(async (manager) => {
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
    return this.reads.get(actor, id);
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
    const messages = await this.transactions.run(async (manager) => {
      const task = await this.lockForChange(manager, actor, id, '撤销');
      if (task.status !== 'in_progress')
        throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，不能再撤销', {
          status: task.status,
        });
      return this.cancelInTransaction(manager, actor, [task], reason, '任务已撤销');
    });
    await this.reminders.dispatch(messages);
    return this.reads.get(actor, id);
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

  /** The task made from each measure (measure id → task id). */
  async idsByMeasure(measureIds: string[]): Promise<Map<string, string>> {
    if (!measureIds.length) return new Map();
    const rows: { id: string; measure_id: string }[] = await this.tasks.query(
      'SELECT id, measure_id FROM task WHERE measure_id = ANY($1)',
      [measureIds],
    );
    return new Map(rows.map((row) => [row.measure_id, row.id]));
  }

  /** document id → how many tasks were published from it (the documents list shows the number). */
  async countByDocument(documentIds: string[]): Promise<Map<string, number>> {
    if (!documentIds.length) return new Map();
    const rows: { document_id: string; count: number }[] = await this.tasks.query(
      'SELECT document_id, count(*)::int AS count FROM task WHERE document_id = ANY($1) GROUP BY document_id',
      [documentIds],
    );
    return new Map(rows.map((row) => [row.document_id, row.count]));
  }

  /** A document's tasks still in progress, locked for a change (lock order task → assignment), and the units they are assigned to. */
  async lockInProgressOfDocument(
    manager: EntityManager,
    documentId: string,
  ): Promise<{ tasks: Task[]; unitIds: string[] }> {
    const tasks = await manager.find(Task, {
      where: { documentId, status: 'in_progress' },
      order: { code: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const units: { unit_id: string }[] = await manager.query(
      'SELECT DISTINCT a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.document_id = $1',
      [documentId],
    );
    return { tasks, unitIds: units.map((u) => u.unit_id) };
  }

  async comment(actor: Actor, taskId: string, content: string): Promise<TaskDetail> {
    await this.assertVisible(actor, taskId);
    await this.transactions.run(async (manager) => {
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
    return this.reads.get(actor, taskId);
  }

  async urge(
    actor: Actor,
    taskId: string,
    body: { message: string; unitIds?: string[] },
  ): Promise<{ reminders: number }> {
    const task = await this.reads.get(actor, taskId);
    if (task.status !== 'in_progress')
      throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，无需催办', { status: task.status });
    const open = task.assignments.filter((a) => a.status !== 'completed' && a.status !== 'returned');
    const chosen = body.unitIds?.length ? open.filter((a) => body.unitIds!.includes(a.unitId)) : open;
    if (!chosen.length) throw new AppError(ErrorCode.BadRequest, '所选单位没有未办结的任务，无需催办');
    // A supervisor urges only the units they oversee on a task shared with others.
    const inScope = await unitsInScope(
      this.tasks.manager,
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
