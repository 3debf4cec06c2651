import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ASSIGNMENT_STATUS_LABELS,
  canTransition,
  ErrorCode,
  taskStatusFor,
  type AssignmentAction,
  type AssignmentSummary,
  type Decision,
  type ProgressReportView,
} from '@duban/contracts';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { AttachmentsService } from '../attachments/attachments.service';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import { arrival, newAssignments, reviewResult } from '../reminders/messages';
import { RemindersService, type OutboundMessage } from '../reminders/reminders.service';
import { Assignment } from './assignment.entity';
import { EntityRows } from './entity-rows';
import { ExtensionRequest } from './extension-request.entity';
import { preparedQuery } from '../../database/prepared';
import { ProgressReport } from './progress-report.entity';
import { scopeCondition } from '../read-model/task-query';
import { TaskReads } from '../read-model/task-reads.service';
import { SqlParams } from '../../common/sql-params';
import { Transactions } from '../../database/transactions';
import { scopeOf, withinScope } from '../units/jurisdiction';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

interface Locked {
  manager: EntityManager;
  task: Task;
  assignment: Assignment;
  unitName: string;
  /** The transaction's now(): what a column defaulting to now() holds when this move writes it. */
  at: Date;
}

interface Outcome {
  action: string;
  manager: EntityManager;
  detail?: Record<string, unknown>;
  /** Recorded on the reminder ledger with the move and delivered after commit. */
  messages?: OutboundMessage[];
  /**
   * The move's own audit rows (a report's, an extension request's), inserted with the assignment's in one
   * statement: that is what marks a child's row as the assignment row's twin (AuditService.insertSql).
   */
  audit?: AuditRecord[];
  /** The move's own inserts, run as CTEs of the statement that writes the assignment, audit and ledger. */
  writes?: (params: SqlParams) => string[];
  /** Work after that statement, inside the transaction (rows that refer to what it inserted). */
  afterWrite?: () => Promise<void>;
}

/** A move's own writes inside the locked transaction; names the audit action. */
type ApplyMove = (locked: Locked) => Promise<Outcome>;

/** The assignment lifecycle: every move is one transaction that locks the task and the assignment, checks who may act and the state machine, writes and audits. */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
    @InjectRepository(ProgressReport) private readonly reports: Repository<ProgressReport>,
    @InjectRepository(ExtensionRequest) private readonly extensions: Repository<ExtensionRequest>,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly reminders: RemindersService,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
    private readonly reads: TaskReads,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prepared = config.database.preparedStatements;
    this.rows = {
      task: new EntityRows(assignments.manager.getRepository(Task).metadata),
      assignment: new EntityRows(assignments.metadata),
      report: new EntityRows(reports.metadata),
    };
  }

  private readonly rows: Record<'task' | 'assignment' | 'report', EntityRows>;
  private readonly prepared: boolean;

  accept(actor: Actor, id: string) {
    return this.unitAct(actor, id, 'accept', async ({ manager, assignment }) => {
      assignment.status = 'accepted';
      assignment.acceptedAt = this.clock.now();
      return { action: 'assignment.accept', manager };
    });
  }

  returnAssignment(actor: Actor, id: string, reason: string) {
    return this.unitAct(actor, id, 'return', async ({ manager, assignment }) => {
      assignment.status = 'returned';
      assignment.returnReason = reason;
      return { action: 'assignment.return', manager, detail: { reason } };
    });
  }

  requestCompletion(actor: Actor, id: string, summary: string) {
    return this.unitAct(actor, id, 'request_completion', async (locked) => {
      locked.assignment.status = 'completion_requested';
      locked.assignment.completionSummary = summary;
      return {
        action: 'assignment.completion_request',
        manager: locked.manager,
        detail: { content: summary },
        messages: [arrival(locked, '办结申请', summary)],
      };
    });
  }

  async submitReport(
    actor: Actor,
    id: string,
    body: { content: string; progress: number; attachments?: string[] },
  ): Promise<ProgressReportView> {
    let report: ProgressReport | undefined;
    let unitName = '';
    const attachments = body.attachments ?? [];
    await this.unitMove(actor, id, 'report', async (locked) => {
      const { manager, assignment, at } = locked;
      assignment.progress = body.progress;
      assignment.lastReportAt = this.clock.now();
      unitName = locked.unitName;
      // The row as the database would fill it in (its defaults, the transaction's now()), so its insert
      // joins the assignment's statement and the answer needs no read back.
      report = Object.assign(new ProgressReport(), {
        id: randomUUID(),
        createdAt: at,
        updatedAt: at,
        assignmentId: id,
        content: body.content,
        progress: body.progress,
        status: 'submitted',
        reviewComment: null,
        reviewedBy: null,
        reviewedAt: null,
        createdBy: actor.userId,
        version: 1,
      } satisfies ProgressReport);
      const row = { ...report };
      return {
        action: 'assignment.report',
        audit: [{ action: 'report.submit', entityType: 'report', entityId: row.id, after: row }],
        writes: (params) => [`INSERT INTO progress_report ${this.rows.report.values(row, params)}`],
        afterWrite: () => this.attachments.bindToReport(manager, actor, attachments, row.id),
        manager,
        detail: { content: body.content, progress: body.progress },
        messages: [arrival(locked, `进展报告（进度 ${body.progress}%）`, body.content)],
      };
    });
    const written = report!;
    if (attachments.length) return this.reads.report(written.id);
    return {
      id: written.id,
      assignmentId: id,
      unitName,
      content: written.content,
      progress: written.progress,
      status: written.status,
      reviewComment: null,
      reviewedAt: null,
      createdAt: written.createdAt.toISOString(),
      createdByName: actor.displayName,
      attachments: [],
    };
  }

  async requestExtension(actor: Actor, id: string, body: { requestedDeadline: string; reason: string }) {
    let requestId = '';
    await this.unitMove(actor, id, 'request_extension', async (locked) => {
      const { manager, assignment, task } = locked;
      const today = this.clock.today();
      // A task published with its deadline already past (and kept) may still ask for more time.
      if (assignment.deadline && assignment.deadline < today && !task.lateFromStart) {
        throw new AppError(
          ErrorCode.IllegalTransition,
          `已超过完成时限（${assignment.deadline}），不能再申请延期`,
          {
            deadline: assignment.deadline,
          },
        );
      }
      if (body.requestedDeadline <= (assignment.deadline ?? today)) {
        throw new AppError(ErrorCode.Validation, '申请的新时限须晚于当前完成时限');
      }
      let request: ExtensionRequest;
      try {
        request = await manager.save(
          manager.create(ExtensionRequest, {
            assignmentId: id,
            currentDeadline: assignment.deadline,
            requestedDeadline: body.requestedDeadline,
            reason: body.reason,
            createdBy: actor.userId,
          }),
        );
        requestId = request.id;
      } catch (error) {
        if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
          throw new AppError(ErrorCode.Conflict, '已有待审批的延期申请，请等待审批结果');
        }
        throw error;
      }
      return {
        action: 'assignment.extension_request',
        audit: [
          {
            action: 'extension.request',
            entityType: 'extension_request',
            entityId: request.id,
            after: request,
          },
        ],
        manager,
        detail: { reason: body.reason },
        messages: [arrival(locked, `延期申请（至 ${body.requestedDeadline}）`, body.reason)],
      };
    });
    return this.extensionView(actor, requestId);
  }

  async decideExtension(actor: Actor, requestId: string, body: Decision) {
    const request = await this.extensions.findOneBy({ id: requestId });
    if (!request) throw notFound('延期申请');
    await this.supervise(actor, request.assignmentId, null, async (moved) => {
      const { manager, assignment } = moved;
      const locked = await manager.findOne(ExtensionRequest, {
        where: { id: requestId },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked!.status !== 'pending') {
        throw new AppError(ErrorCode.IllegalTransition, '该延期申请已处理', { status: locked!.status });
      }
      const before = { ...locked };
      locked!.status = body.decision === 'approve' ? 'approved' : 'rejected';
      locked!.decisionComment = body.comment ?? null;
      locked!.decidedBy = actor.userId;
      locked!.decidedAt = this.clock.now();
      await manager.save(locked!);
      if (body.decision === 'approve') {
        assignment.deadline = locked!.requestedDeadline;
        assignment.extensionCount += 1;
      }
      const after = { ...locked, comment: body.comment };
      return {
        action: `assignment.extension_${body.decision}`,
        audit: [
          {
            action: `extension.${body.decision}`,
            entityType: 'extension_request',
            entityId: requestId,
            before,
            after,
          },
        ],
        manager,
        messages: [
          reviewResult(
            moved,
            body.decision === 'approve'
              ? `延期申请已批准，新时限 ${locked!.requestedDeadline}`
              : '延期申请未获批准',
            body.comment,
          ),
        ],
      };
    });
    return this.extensionView(actor, requestId);
  }

  async reviewReport(actor: Actor, reportId: string, body: Decision): Promise<ProgressReportView> {
    const report = await this.reports.findOneBy({ id: reportId });
    if (!report) throw notFound('进展报告');
    await this.supervise(actor, report.assignmentId, null, async (moved) => {
      const { manager, assignment } = moved;
      const locked = (await manager.findOne(ProgressReport, {
        where: { id: reportId },
        lock: { mode: 'pessimistic_write' },
      }))!;
      if (locked.status !== 'submitted')
        throw new AppError(ErrorCode.IllegalTransition, '该进展已审核', { status: locked.status });
      const before = { ...locked };
      locked.status = body.decision === 'approve' ? 'approved' : 'rejected';
      locked.reviewComment = body.comment ?? null;
      locked.reviewedBy = actor.userId;
      locked.reviewedAt = this.clock.now();
      locked.version += 1;
      await manager.save(locked);
      if (locked.status === 'rejected') {
        // A rejected report no longer counts: progress falls back to the latest report still standing.
        const [latest] = await manager.query(
          `SELECT progress FROM progress_report WHERE assignment_id = $1 AND status <> 'rejected' ORDER BY created_at DESC LIMIT 1`,
          [assignment.id],
        );
        assignment.progress = latest?.progress ?? 0;
      }
      const after = { ...locked, comment: body.comment };
      return {
        action: `assignment.report_${body.decision}`,
        audit: [
          { action: `report.${body.decision}`, entityType: 'report', entityId: reportId, before, after },
        ],
        manager,
        messages: [
          reviewResult(
            moved,
            body.decision === 'approve' ? '进展报告已审核通过' : '进展报告被退回，请补充后重新填报',
            body.comment,
          ),
        ],
      };
    });
    return this.reads.report(reportId);
  }

  async decideCompletion(actor: Actor, id: string, body: Decision) {
    const action: AssignmentAction = body.decision === 'approve' ? 'approve_completion' : 'reject_completion';
    const taskId = await this.supervise(actor, id, action, async (moved) => {
      const { manager, assignment } = moved;
      if (body.decision === 'approve') {
        assignment.status = 'completed';
        assignment.progress = 100;
        assignment.completedAt = this.clock.now();
      } else {
        assignment.status = 'accepted';
      }
      return {
        action: body.decision === 'approve' ? 'assignment.complete' : 'assignment.completion_reject',
        manager,
        detail: { comment: body.comment },
        messages: [
          reviewResult(
            moved,
            body.decision === 'approve' ? '办结申请已通过，任务销号' : '办结申请被退回，请继续办理',
            body.comment,
          ),
        ],
      };
    });
    return this.reads.get(actor, taskId);
  }

  async reassign(actor: Actor, id: string, unitId: string) {
    const taskId = await this.supervise(actor, id, 'reassign', async ({ manager, assignment, task }) => {
      await this.assertInJurisdiction(manager, actor, unitId);
      if (await manager.existsBy(Assignment, { taskId: assignment.taskId, unitId })) {
        throw new AppError(ErrorCode.Conflict, '该单位已承办此任务');
      }
      const replacement = await manager.save(
        manager.create(Assignment, {
          taskId: assignment.taskId,
          unitId,
          role: assignment.role,
          deadline: assignment.deadline,
          status: 'pending',
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'assignment.create',
        entityType: 'assignment',
        entityId: replacement.id,
        after: { ...replacement, replaces: assignment.id },
      });
      // The returned assignment stays returned (its history is kept); the new unit starts at pending.
      return {
        action: 'assignment.reassign',
        manager,
        detail: { to: unitId },
        messages: newAssignments([{ task, assignments: [replacement] }]),
      };
    });
    return this.reads.get(actor, taskId);
  }

  private async extensionView(actor: Actor, requestId: string) {
    const request = await this.extensions.findOneByOrFail({ id: requestId });
    const detail = await this.reads.get(actor, await this.taskOfAssignment(request.assignmentId));
    return detail.extensionRequests.find((e) => e.id === requestId)!;
  }

  private async taskOfAssignment(id: string): Promise<string> {
    const assignment = await this.assignments.findOneBy({ id });
    if (!assignment) throw notFound('承办任务');
    return assignment.taskId;
  }

  /** A move by the assignment's own unit, answered with the assignment's summary. */
  private async unitAct(
    actor: Actor,
    id: string,
    action: AssignmentAction,
    apply: ApplyMove,
  ): Promise<AssignmentSummary> {
    const taskId = await this.unitMove(actor, id, action, apply);
    return this.reads.assignment(taskId, id);
  }

  /** A move by the assignment's own unit; returns the task id. Another unit's user gets 403 (or 404 if it cannot see the task). */
  private unitMove(actor: Actor, id: string, action: AssignmentAction, apply: ApplyMove): Promise<string> {
    return this.move(actor, id, action, async (locked) => {
      if (!actor.unitId || locked.assignment.unitId !== actor.unitId) throw forbidden('只能处理本单位的任务');
      return apply(locked);
    });
  }

  /** A supervisor's move on an assignment in their jurisdiction; returns the task id. */
  private supervise(
    actor: Actor,
    id: string,
    action: AssignmentAction | null,
    apply: ApplyMove,
  ): Promise<string> {
    return this.move(actor, id, action, async (locked) => {
      await this.assertInJurisdiction(locked.manager, actor, locked.assignment.unitId);
      return apply(locked);
    });
  }

  /**
   * One transaction per move: find and lock the task and the assignment (one statement, which also
   * answers 404 for what the caller cannot see), check the state machine, apply, then one statement
   * for the move's inserts, the changed columns, the audit rows and the ledger rows, commit. Both
   * statements are prepared (planned once per connection). Returns the task id.
   */
  private async move(
    actor: Actor,
    id: string,
    action: AssignmentAction | null,
    apply: ApplyMove,
  ): Promise<string> {
    let taskId = '';
    const messages = await this.transactions.run(async (manager) => {
      const { task, assignment, unitName, at } = await this.lock(manager, actor, id);
      taskId = task.id;
      if (task.status !== 'in_progress') {
        throw new AppError(ErrorCode.IllegalTransition, '任务已办结或撤销，不能再操作', {
          status: task.status,
        });
      }
      if (action && !canTransition(assignment.status, action)) {
        throw new AppError(
          ErrorCode.IllegalTransition,
          `当前状态为“${ASSIGNMENT_STATUS_LABELS[assignment.status]}”，不能执行此操作`,
          {
            status: assignment.status,
          },
        );
      }
      const before = { ...assignment };
      const outcome = await apply({ manager, task, assignment, unitName, at });
      // The move's inserts, the assignment's changed columns, the audit rows and the ledger rows in one
      // statement: the task and assignment stay locked for one round trip to PostgreSQL, not four.
      const params = new SqlParams(id);
      const writes = outcome.writes?.(params) ?? [];
      assignment.version += 1;
      // Only the changed columns, and no reload first (save() would read the row back to diff it).
      const changed = this.rows.assignment.set(changedColumns(before, assignment), params);
      writes.push(`UPDATE assignment SET ${changed} WHERE id = $1`);
      writes.push(
        this.audit.insertSql(params, actor, [
          ...(outcome.audit ?? []),
          {
            action: outcome.action,
            entityType: 'assignment',
            entityId: id,
            before,
            after: { ...assignment, unitName, ...outcome.detail },
          },
        ]),
      );
      const ledger = outcome.messages?.length ? this.reminders.recordSql(params, outcome.messages) : null;
      const ctes = writes.map((write, i) => `w${i} AS (${write})`);
      if (ledger) ctes.push(`ledger AS (${ledger})`);
      const [row] = await preparedQuery<{ ledger: string[] }>(
        manager,
        this.prepared,
        `WITH ${ctes.join(', ')} SELECT ${ledger ? 'ARRAY(SELECT id::text FROM ledger)' : "'{}'::text[]"} AS ledger`,
        params.values,
      );
      await outcome.afterWrite?.();
      // A task's status follows its assignments' statuses only.
      if (assignment.status !== before.status) await this.settleTask(manager, actor, task);
      return row.ledger;
    });
    await this.reminders.dispatch(messages);
    return taskId;
  }

  /**
   * Locks the task, then the assignment (the order every move takes, so concurrent moves on one task
   * queue up instead of deadlocking), with the unit's name and whether the caller may see the task.
   * 404 when the assignment does not exist or its task is hidden from the caller (as the task routes answer).
   */
  private async lock(manager: EntityManager, actor: Actor, id: string): Promise<Omit<Locked, 'manager'>> {
    const params = new SqlParams();
    const assignmentId = params.add(id);
    const visible = scopeCondition(scopeOf(actor), params) ?? 'TRUE';
    const [row] = await preparedQuery<Record<string, unknown>>(
      manager,
      this.prepared,
      `WITH t AS MATERIALIZED (
         SELECT t.*, ${visible} AS visible FROM task t
          WHERE t.id = (SELECT task_id FROM assignment WHERE id = ${assignmentId})
            FOR UPDATE OF t)
       SELECT ${this.rows.task.select('t', 'task')}, t.visible, ${this.rows.assignment.select('a', 'assignment')},
              u.name AS unit_name, now() AS at
         FROM t JOIN assignment a ON a.id = ${assignmentId} JOIN unit u ON u.id = a.unit_id
          FOR UPDATE OF a`,
      params.values,
    );
    if (!row) throw notFound('承办任务');
    if (!row.visible) throw notFound('督办事项');
    return {
      task: manager.create(Task, this.rows.task.from(row, 'task')),
      assignment: manager.create(Assignment, this.rows.assignment.from(row, 'assignment')),
      unitName: row.unit_name as string,
      at: row.at as Date,
    };
  }

  /** A task completes when every live assignment is completed. */
  private async settleTask(manager: EntityManager, actor: Actor, task: Task): Promise<void> {
    const assignments = await manager.find(Assignment, {
      where: { taskId: task.id },
      select: { status: true },
    });
    const status = taskStatusFor(task.status, assignments);
    if (status === task.status) return;
    const before = { status: task.status };
    task.status = status;
    task.completedAt = status === 'completed' ? this.clock.now() : null;
    task.version += 1;
    await manager.save(task);
    await this.audit.record(manager, actor, {
      action: 'task.completed',
      entityType: 'task',
      entityId: task.id,
      before,
      after: { status },
    });
  }

  private async assertInJurisdiction(manager: EntityManager, actor: Actor, unitId: string): Promise<void> {
    if (!(await withinScope(manager, scopeOf(actor), [unitId]))) throw forbidden('该单位不在您的管辖范围内');
  }
}

/** The columns a move changed (dates by instant), for an UPDATE of just those. */
function changedColumns(before: Assignment, after: Assignment): Partial<Assignment> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = (before as unknown as Record<string, unknown>)[key];
    const same =
      value instanceof Date && old instanceof Date ? value.getTime() === old.getTime() : value === old;
    if (!same) changed[key] = value;
  }
  return changed as Partial<Assignment>;
}
