// The words of workflow messages, composed where the event happens and recorded on the reminder ledger.
import type { OutboundMessage } from './reminders.service';

interface TaskRef {
  id: string;
  code: string;
  title: string;
}
interface AssignmentRef {
  id: string;
  unitId: string;
  deadline: string | null;
}
interface Moved {
  task: TaskRef;
  assignment: AssignmentRef;
  unitName: string;
}

/** A decision for the assignment's unit, naming the task. */
export function reviewResult(
  { task, assignment, unitName }: Moved,
  result: string,
  comment?: string,
): OutboundMessage {
  return {
    kind: 'review_result',
    to: 'unit',
    unitId: assignment.unitId,
    taskId: task.id,
    assignmentId: assignment.id,
    title: `${result}：${task.title}`,
    body: `【${task.code}】${task.title}\n${unitName}：${result}${comment ? `\n审核意见：${comment}` : ''}`,
  };
}

/** A report or request that waits for the supervisors over the unit. */
export function arrival({ task, assignment, unitName }: Moved, what: string, text: string): OutboundMessage {
  return {
    kind: 'submission',
    to: 'supervisors',
    unitId: assignment.unitId,
    taskId: task.id,
    assignmentId: assignment.id,
    title: `${unitName}提交了${what}：${task.title}`,
    body: `【${task.code}】${task.title}\n${unitName}提交了${what}，请审核。\n\n${text.slice(0, 2000)}`,
  };
}

const deadlineText = (deadline: string | null) =>
  deadline ? `完成时限 ${deadline}` : '长期任务，按期报送进展';

type Line = { task: TaskRef; assignment: AssignmentRef };

/**
 * One message per unit: a unit given (or relieved of) many tasks at once, say a document of 300
 * measures, gets one message whose lines link to each task.
 */
function perUnit(
  items: readonly Line[],
  kind: OutboundMessage['kind'],
  single: (line: Line) => { title: string; body: string },
  batch: (lines: readonly Line[]) => { title: string; body: string },
): OutboundMessage[] {
  const byUnit = new Map<string, Line[]>();
  for (const line of items)
    byUnit.set(line.assignment.unitId, [...(byUnit.get(line.assignment.unitId) ?? []), line]);
  return [...byUnit].map(([unitId, lines]) =>
    lines.length === 1
      ? {
          kind,
          to: 'unit',
          unitId,
          taskId: lines[0].task.id,
          assignmentId: lines[0].assignment.id,
          ...single(lines[0]),
        }
      : {
          kind,
          to: 'unit',
          unitId,
          taskId: null,
          assignmentId: null,
          ...batch(lines),
          payload: { lines: lines.map(({ task }) => ({ taskId: task.id, title: task.title })) },
        },
  );
}

const listed = (lines: readonly Line[], suffix: (line: Line) => string) =>
  lines.map((line) => `· 【${line.task.code}】${line.task.title}${suffix(line)}`).join('\n');

/** New assignments: publishing, an ad hoc task, a reassignment. */
export function newAssignments(
  created: readonly { task: TaskRef; assignments: readonly AssignmentRef[] }[],
): OutboundMessage[] {
  return perUnit(
    created.flatMap(({ task, assignments }) => assignments.map((assignment) => ({ task, assignment }))),
    'assignment',
    ({ task, assignment }) => ({
      title: `新交办任务：${task.title}`,
      body: `【${task.code}】${task.title}\n${deadlineText(assignment.deadline)}。请及时签收办理。`,
    }),
    (lines) => ({
      title: `新交办任务 ${lines.length} 项`,
      body: `以下任务已交办本单位，请及时签收办理：\n${listed(lines, ({ assignment }) => `（${deadlineText(assignment.deadline)}）`)}`,
    }),
  );
}

/** Open assignments whose task was cancelled: `what` says why (撤销 of a task, 撤回 of its document). */
export function cancellations(items: readonly Line[], what: string, reason: string): OutboundMessage[] {
  return perUnit(
    items,
    'cancellation',
    ({ task }) => ({
      title: `任务已撤销：${task.title}`,
      body: `【${task.code}】${task.title}\n${what}，本单位无需继续办理。\n撤销理由：${reason}`,
    }),
    (lines) => ({
      title: `${lines.length} 项任务已撤销`,
      body: `${what}，以下任务本单位无需继续办理：\n${listed(lines, () => '')}\n撤销理由：${reason}`,
    }),
  );
}
