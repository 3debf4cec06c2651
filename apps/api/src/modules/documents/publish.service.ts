import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ErrorCode,
  type AssignmentRole,
  type DuplicatePublishDetails,
  type PastDeadlinesDetails,
  type PublishRequest,
  type PublishResult,
  type UnresolvedName,
  type UnresolvedUnitsDetails,
  type WithdrawResult,
} from '@duban/contracts';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound } from '../../common/app-error';
import { scopeOf, withinScope } from '../units/jurisdiction';
import { Clock } from '../../common/clock';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { newAssignments } from '../reminders/messages';
import { RemindersService } from '../reminders/reminders.service';
import { TasksService } from '../tasks/tasks.service';
import { Unit } from '../units/unit.entity';
import { isShortForm } from '../units/unit-resolver';
import { UnitsService } from '../units/units.service';
import { documentVisible, duplicatesOf, resolveMeasure } from './documents.service';
import { Measure } from './measure.entity';
import { PolicyDocument } from './policy-document.entity';

function uniqueByName<T extends { name: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.name, item])).values()];
}

/** 交办: one task per measure, one assignment per resolved unit, all in one transaction. */
@Injectable()
export class PublishService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(PolicyDocument) private readonly documents: Repository<PolicyDocument>,
    private readonly units: UnitsService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  async publish(actor: Actor, documentId: string, options: Partial<PublishRequest>): Promise<PublishResult> {
    const { result, messages } = await this.transactions.run(async (manager) => {
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
        aliasesConfirmed: [],
        groupPhrasesLeft: [],
        measuresLeftUnassigned: [],
      };
      // Publishing twice creates nothing: a published document and already-tasked measures are skipped.
      if (document.status === 'published') return { result, messages: [] };
      if (document.status === 'withdrawn')
        throw new AppError(ErrorCode.IllegalTransition, '文件已撤回，不能再交办', {
          status: document.status,
        });

      // The same notice published twice would task every unit twice: only on purpose.
      const published = options.confirmDuplicate
        ? []
        : await duplicatesOf(manager, actor, document, { publishedOnly: true });
      if (published.length)
        throw new AppError(
          ErrorCode.Conflict,
          `该文件已交办过（${published.map((d) => d.docNumber ?? d.title).join('、')}），确需再次交办请点击“确认重复交办”`,
          { duplicates: published } satisfies DuplicatePublishDetails,
        );
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
      const unresolved: UnresolvedName[] = plans.flatMap(({ measure, resolution }) =>
        Object.values(resolution)
          .filter((r) => r.unitIds.length === 0)
          .map((r) => ({
            measure: measure.number,
            name: r.name,
            status: r.status,
            candidates: r.candidates,
            groupPhrase: r.groupPhrase ?? false,
          })),
      );
      const proposals = uniqueByName(unresolved.filter((u) => u.status === 'alias_proposed')).map((u) => ({
        name: u.name,
        unitId: u.candidates[0].unitId,
        unitName: u.candidates[0].name,
        path: u.candidates[0].path,
      }));
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
          aliasProposals: proposals,
          measuresWithoutUnits: withoutUnits.map((p) => ({ id: p.measure.id, number: p.measure.number })),
        } satisfies UnresolvedUnitsDetails);
      }
      // A short form of an existing unit (市金融局) never becomes a second unit: confirm it as an alias or choose.
      if (proposals.length && !options.acceptProposedAliases) {
        throw new AppError(
          ErrorCode.UnresolvedUnits,
          `以下名称可能是已有单位的简称：${proposals.map((p) => `${p.name} → ${p.unitName}`).join('；')}。` +
            '请确认采用这些单位（保存为别名），或在措施中另选单位后再交办。',
          {
            unresolved: proposals.map((p) => p.name),
            items: unresolved,
            aliasProposals: proposals,
          } satisfies UnresolvedUnitsDetails,
        );
      }

      // A group the directory models (市直有关部门 without members) goes to the group's own unit; a generic
      // group phrase (各开发区管委会) is never made a unit and stays unassigned; other names become units.
      const groupUnits = new Map(
        unresolved
          .filter((u) => u.status === 'group' && !u.groupPhrase && u.candidates.length)
          .map((u) => [u.name, u.candidates[0].unitId]),
      );
      for (const proposal of proposals) groupUnits.set(proposal.name, proposal.unitId);
      // A supervisor assigns only inside their jurisdiction, as for ad hoc tasks.
      const assigned = plans.flatMap(({ resolution }) => Object.values(resolution).flatMap((r) => r.unitIds));
      if (!(await withinScope(manager, scopeOf(actor), [...assigned, ...groupUnits.values()])))
        throw forbidden('文件中有承办单位不在您的管辖范围内，请在措施中改选单位，或请上级督查部门交办');
      for (const proposal of proposals)
        await this.units.addAlias(manager, actor, proposal.unitId, proposal.name);
      const created = await this.createMissing(
        manager,
        actor,
        unresolved.filter((u) => u.status === 'fuzzy' || u.status === 'unresolved'),
        document.region,
      );
      const today = this.clock.today();
      const past = pastDeadlines(measures, today, options);
      result.unitsCreated = [...created.keys()];
      result.aliasesConfirmed = proposals.map((p) => p.name);
      result.groupPhrasesLeft = [...new Set(unresolved.filter((u) => u.groupPhrase).map((u) => u.name))];
      for (const [name, unitId] of groupUnits) created.set(name, unitId);
      const tasks: Awaited<ReturnType<TasksService['createTask']>>[] = [];
      for (const { measure, resolution } of plans) {
        const assignments = new Map<string, AssignmentRole>();
        const add = (names: string[], role: AssignmentRole) => {
          for (const name of names) {
            const ids = resolution[name].unitIds.length ? resolution[name].unitIds : [created.get(name)];
            // A unit named as lead and again as responsible keeps the lead role.
            for (const id of ids) if (id && !assignments.has(id)) assignments.set(id, role);
          }
        };
        add(measure.leadUnits, 'lead');
        add(measure.responsibleUnits, 'responsible');
        // Only group phrases named: no task until a person chooses units; the result lists the measure.
        if (!assignments.size) {
          result.measuresLeftUnassigned.push({
            id: measure.id,
            number: measure.number,
            names: [...measure.leadUnits, ...measure.responsibleUnits],
          });
          continue;
        }
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
      if (!result.tasksCreated)
        throw new AppError(
          ErrorCode.UnresolvedUnits,
          '所有措施的承办单位都是泛指表述（如“各地”“有关部门”），请在措施中选择具体单位后再交办。',
          // Every UNRESOLVED_UNITS 409 names what to choose units for (the web lists `unresolved`).
          {
            unresolved: [...new Set(unresolved.map((u) => u.name))],
            items: unresolved,
          } satisfies UnresolvedUnitsDetails,
        );
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
    const { result, messages } = await this.transactions.run(async (manager) => {
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
      const { tasks, unitIds } = await this.tasks.lockInProgressOfDocument(manager, documentId);
      if (!(await withinScope(manager, scopeOf(actor), unitIds)))
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

  /** With createMissingUnits, each unmatched name (never a group phrase) becomes a unit under the document's region. */
  private async createMissing(
    manager: EntityManager,
    actor: Actor,
    unresolved: UnresolvedName[],
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
    // Longest first, so a short form met later (市市场监管局) joins the unit just made for its full name.
    const names = [...new Set(unresolved.map((u) => u.name))].sort((a, b) => b.length - a.length);
    const made: Unit[] = [];
    for (const name of names) {
      const fuller = made.filter((unit) => isShortForm(name, unit.name, region));
      if (fuller.length === 1) {
        await this.units.addAlias(manager, actor, fuller[0].id, name);
        created.set(name, fuller[0].id);
        continue;
      }
      const existing = await this.units.findChild(manager, name, parentId ?? null);
      const unit =
        existing ??
        (await this.units.insert(
          manager,
          { name, aliases: [], parentId, kind: 'other', region },
          actor.userId,
        ));
      if (!existing) {
        made.push(unit);
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
