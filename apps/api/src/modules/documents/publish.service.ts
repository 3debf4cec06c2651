import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ErrorCode,
  type AssignmentRole,
  type PastDeadlinesDetails,
  type PublishRequest,
  type PublishResult,
  type UnitResolution,
  type WithdrawResult,
} from '@duban/contracts';
import { isGenericUnit } from '@duban/policy-parser';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound } from '../../common/app-error';
import { scopeOf, withinScope } from '../../common/scope';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit/audit.service';
import { newAssignments } from '../reminders/messages';
import { RemindersService } from '../reminders/reminders.service';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { documentVisible, resolveMeasure } from './documents.service';
import { Measure } from './measure.entity';
import { PolicyDocument } from './policy-document.entity';

interface Unresolved {
  measure: string;
  name: string;
  status: UnitResolution['status'];
  candidates: UnitResolution['candidates'];
}

/** 交办: one task per measure, one assignment per resolved unit, all in one transaction. */
@Injectable()
export class PublishService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitsService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  async publish(
    actor: Actor,
    documentId: string,
    options: Omit<PublishRequest, 'createMissingUnits'> & { createMissingUnits: boolean },
  ): Promise<PublishResult> {
    const { result, messages } = await this.dataSource.transaction(async (manager) => {
      const document = await manager.findOne(PolicyDocument, {
        where: { id: documentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!document || !(await documentVisible(manager, actor, document))) throw notFound('文件');
      const result: PublishResult = {
        documentId,
        tasksCreated: 0,
        assignmentsCreated: 0,
        unitsCreated: [],
        taskIds: [],
      };
      // Publishing twice creates nothing: a published document and already-tasked measures are skipped.
      if (document.status === 'published') return { result, messages: [] };
      if (document.status === 'withdrawn')
        throw new AppError(ErrorCode.IllegalTransition, '文件已撤回，不能再交办', {
          status: document.status,
        });

      const measures = await manager.find(Measure, { where: { documentId }, order: { seq: 'ASC' } });
      if (!measures.length) throw new AppError(ErrorCode.IllegalTransition, '文件中没有可交办的措施');
      const resolver = await this.units.resolver(manager);
      const plans = measures.map((measure) => ({
        measure,
        resolution: resolveMeasure(measure, resolver, document.region),
      }));

      const withoutUnits = plans.filter(
        (p) => p.measure.leadUnits.length + p.measure.responsibleUnits.length === 0,
      );
      const unresolved: Unresolved[] = plans.flatMap(({ measure, resolution }) =>
        Object.values(resolution)
          .filter((r) => r.unitIds.length === 0)
          .map((r) => ({
            measure: measure.number,
            name: r.name,
            status: r.status,
            candidates: r.candidates,
          })),
      );
      if (withoutUnits.length || (unresolved.length && !options.createMissingUnits)) {
        const names = [...new Set(unresolved.map((u) => u.name))];
        const parts = [
          names.length ? `以下单位未能匹配组织机构：${names.join('、')}` : '',
          withoutUnits.length
            ? `措施 ${withoutUnits.map((p) => p.measure.number).join('、')} 未指定责任单位`
            : '',
        ].filter(Boolean);
        throw new AppError(ErrorCode.UnresolvedUnits, `${parts.join('；')}。请在措施中选择单位后再交办。`, {
          unresolved: names,
          items: unresolved,
          measuresWithoutUnits: withoutUnits.map((p) => ({ id: p.measure.id, number: p.measure.number })),
        });
      }

      // With createMissingUnits a group that needs a choice goes to the group's own unit; other names become units.
      const groupUnits = new Map(
        unresolved
          .filter((u) => u.status === 'group' && u.candidates.length)
          .map((u) => [u.name, u.candidates[0].unitId]),
      );
      // A supervisor assigns only inside their jurisdiction, as for ad hoc tasks.
      const assigned = plans.flatMap(({ resolution }) => Object.values(resolution).flatMap((r) => r.unitIds));
      if (!(await withinScope(manager, scopeOf(actor), [...assigned, ...groupUnits.values()])))
        throw forbidden('文件中有承办单位不在您的管辖范围内，请在措施中改选单位，或请上级督查部门交办');
      const created = await this.createMissing(
        manager,
        actor,
        unresolved.filter((u) => !groupUnits.has(u.name)),
        document.region,
      );
      const today = this.clock.today();
      const past = pastDeadlines(measures, today, options);
      result.unitsCreated = [...created.keys()];
      for (const [name, unitId] of groupUnits) created.set(name, unitId);
      const tasks: Awaited<ReturnType<TasksService['createTask']>>[] = [];
      for (const { measure, resolution } of plans) {
        const assignments = new Map<string, AssignmentRole>();
        const add = (names: string[], role: AssignmentRole) => {
          for (const name of names) {
            const ids = resolution[name].unitIds.length ? resolution[name].unitIds : [created.get(name)!];
            // A unit named as lead and again as responsible keeps the lead role.
            for (const id of ids) if (!assignments.has(id)) assignments.set(id, role);
          }
        };
        add(measure.leadUnits, 'lead');
        add(measure.responsibleUnits, 'responsible');
        const late = past.has(measure.id);
        const task = await this.tasks.createTask(manager, actor, {
          title: measure.title,
          description: measure.body,
          documentId,
          measureId: measure.id,
          deadline: late && options.pastDeadlines === 'reschedule' ? options.newDeadline! : measure.deadline,
          lateFromStart: late && options.pastDeadlines === 'keep_late',
          ongoing: measure.ongoing,
          reportCycle: measure.ongoing ? (options.reportCycle ?? 'monthly') : null,
          startDate: today,
          assignments: [...assignments].map(([unitId, role]) => ({ unitId, role })),
        });
        result.tasksCreated++;
        result.assignmentsCreated += assignments.size;
        result.taskIds.push(task.id);
        tasks.push(task);
      }
      await manager.update(PolicyDocument, documentId, {
        status: 'published',
        publishedAt: this.clock.now(),
        version: document.version + 1,
      });
      await this.audit.record(manager, actor, {
        action: 'document.publish',
        entityType: 'document',
        entityId: documentId,
        before: { status: 'draft' },
        after: {
          status: 'published',
          tasksCreated: result.tasksCreated,
          unitsCreated: result.unitsCreated,
          ...(past.size
            ? { pastDeadlines: options.pastDeadlines, newDeadline: options.newDeadline, late: past.size }
            : {}),
        },
      });
      const messages = await this.reminders.record(
        manager,
        newAssignments(tasks.map((task) => ({ task, assignments: task.assignments }))),
      );
      return { result, messages };
    });
    await this.reminders.dispatch(messages);
    return result;
  }

  /**
   * 撤回: a published document's tasks still in progress are cancelled with the reason, each audited,
   * and their units told. Only someone who oversees every unit on them may.
   */
  async withdraw(actor: Actor, documentId: string, reason: string): Promise<WithdrawResult> {
    const { result, messages } = await this.dataSource.transaction(async (manager) => {
      const document = await manager.findOne(PolicyDocument, {
        where: { id: documentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!document || !(await documentVisible(manager, actor, document))) throw notFound('文件');
      if (document.status !== 'published')
        throw new AppError(
          ErrorCode.IllegalTransition,
          document.status === 'draft' ? '草稿尚未交办，无需撤回，可直接删除' : '文件已撤回',
          { status: document.status },
        );
      // Lock order task → assignment, as every workflow move does.
      const tasks = await manager.find(Task, {
        where: { documentId, status: 'in_progress' },
        order: { code: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const units: { unit_id: string }[] = await manager.query(
        'SELECT DISTINCT a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.document_id = $1',
        [documentId],
      );
      if (
        !(await withinScope(
          manager,
          scopeOf(actor),
          units.map((u) => u.unit_id),
        ))
      )
        throw forbidden('文件的任务涉及您管辖范围以外的单位，请由上级督查部门撤回');
      const messages = await this.tasks.cancelInTransaction(
        manager,
        actor,
        tasks,
        reason,
        `文件《${document.title}》已撤回`,
      );
      await manager.update(PolicyDocument, documentId, {
        status: 'withdrawn',
        version: document.version + 1,
      });
      await this.audit.record(manager, actor, {
        action: 'document.withdraw',
        entityType: 'document',
        entityId: documentId,
        before: { status: document.status },
        after: { status: 'withdrawn', reason, tasksCancelled: tasks.length },
      });
      return { result: { documentId, tasksCancelled: tasks.length }, messages };
    });
    await this.reminders.dispatch(messages);
    return result;
  }

  /** With createMissingUnits, each unmatched name becomes a unit under the document's region. */
  private async createMissing(
    manager: EntityManager,
    actor: Actor,
    unresolved: Unresolved[],
    region: string | null,
  ): Promise<Map<string, string>> {
    const created = new Map<string, string>();
    if (!unresolved.length) return created;
    // A supervisor's new units stay inside their jurisdiction: under the region's government when they
    // oversee it, else under their own unit.
    const scope = scopeOf(actor);
    let parentId = await this.units.regionGovernment(manager, region);
    if (scope.unitId && !(parentId && (await withinScope(manager, scope, [parentId]))))
      parentId = scope.unitId;
    for (const { name } of unresolved) {
      if (created.has(name)) continue;
      const existing = await manager.findOneBy(Unit, { name, parentId: parentId ?? IsNull() });
      const unit =
        existing ??
        (await this.units.insert(
          manager,
          {
            name,
            aliases: [],
            parentId,
            kind: isGenericUnit(name) ? 'group' : 'other',
            region,
          },
          actor.userId,
        ));
      if (!existing) {
        await this.audit.record(manager, actor, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: unit.id,
          after: unit,
        });
      }
      created.set(name, unit.id);
    }
    return created;
  }
}

/**
 * Measures whose deadline has passed by the day of publishing (an old notice published late). Without
 * the supervisor's choice that is a 409 the web answers by asking; with 'reschedule' the new date must
 * not be past itself.
 */
function pastDeadlines(
  measures: Measure[],
  today: string,
  options: Pick<PublishRequest, 'pastDeadlines' | 'newDeadline'>,
): Set<string> {
  const past = measures.filter((m) => m.deadline && m.deadline < today);
  if (!past.length) return new Set();
  const earliest = past.map((m) => m.deadline!).sort()[0];
  if (!options.pastDeadlines) {
    const details: PastDeadlinesDetails = { pastDeadlines: past.length, earliest, today };
    throw new AppError(
      ErrorCode.PastDeadlines,
      `有 ${past.length} 项措施的完成时限已过（最早为 ${earliest}）。请统一设定新的完成时限，或保留原时限并标记为逾期交办。`,
      details,
    );
  }
  if (options.pastDeadlines === 'reschedule' && options.newDeadline! < today)
    throw new AppError(ErrorCode.Validation, `新的完成时限不能早于今天（${today}）`);
  return new Set(past.map((m) => m.id));
}
