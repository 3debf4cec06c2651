import {
  AUDIT_CHILD_TWINS,
  auditActionLabel,
  auditChanges,
  type AuditChange,
  type TimelineEntry,
} from '@duban/contracts';

/** The audit columns a timeline reads, with the actor's unit today. */
export interface HistoryRow {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorUnitName: string | null;
  action: string;
  entityType: string;
  before: object | null;
  after: object | null;
}

/** What the history needs beside the audit rows: the names of the task's units. */
export interface HistoryContext {
  /** unit id → name, for the units the task's assignments name (a reassignment's target). */
  unitNames: Map<string, string>;
}

/** Fields the summary already says in words (its parenthesis): not repeated as a change. */
const IN_SUMMARY = new Set(['unitName', 'reason', 'comment', 'content', 'message']);
/** A creation lists only what a reader needs beside the task itself (not its title, text, code or state). */
const SET_ON_CREATION = new Set(['deadline', 'reportCycle', 'role', 'requestedDeadline', 'assignmentIds']);

/** The audit trail of a task and its children as a timeline a clerk can read, each step once. */
export function describeHistory(entries: HistoryRow[], context: HistoryContext): TimelineEntry[] {
  // A report or extension row is the twin of its assignment's row in the same transaction (same `at`);
  // so is the replacement assignment's creation of its reassignment.
  const key = (entry: HistoryRow, action: string) => `${entry.at.getTime()}|${entry.actorId}|${action}`;
  const steps = new Set(entries.map((entry) => key(entry, entry.action)));
  const twinOf = (entry: HistoryRow) =>
    AUDIT_CHILD_TWINS[entry.action] ??
    (entry.action === 'assignment.create' && field(entry.after, 'replaces') ? 'assignment.reassign' : null);
  // The dropped twin may hold the words of the step (a review's comment): the kept row borrows them.
  const words = new Map<string, Record<string, unknown>>();
  const kept = entries.filter((entry) => {
    const twin = twinOf(entry);
    if (!twin || !steps.has(key(entry, twin))) return true;
    const borrowed = Object.fromEntries(
      BORROWED.map((name) => [name, field(entry.after, name)]).filter(([, value]) => text(value)),
    );
    words.set(key(entry, twin), borrowed);
    return false;
  });
  return kept.map((entry) => ({
    at: entry.at.toISOString(),
    action: entry.action,
    actorName: entry.actorName,
    actorUnitName: entry.actorUnitName,
    entityType: entry.entityType,
    summary: summaryOf(entry, { ...words.get(key(entry, entry.action)), ...entry.after }, context),
    changes: changesOf(entry),
  }));
}

/** What a twin row says that its kept row may not: a reviewer's comment, a reason. */
const BORROWED = ['comment', 'reason'];

function summaryOf(entry: HistoryRow, after: object, context: HistoryContext): string {
  const label = auditActionLabel(entry.action);
  // A reassignment names both units: 改派（测试市财政局 → 测试市发展改革委）.
  const target = field(after, 'to');
  const unit =
    entry.action === 'assignment.reassign' && typeof target === 'string'
      ? `${text(field(after, 'unitName')) ?? ''} → ${context.unitNames.get(target) ?? '其他单位'}`
      : (text(field(after, 'unitName')) ?? unitOfCreation(entry, context));
  const detail = [unit, ...['reason', 'comment', 'content', 'message'].map((key) => text(field(after, key)))]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('：');
  return detail ? `${label}（${detail.length > 200 ? `${detail.slice(0, 200)}…` : detail}）` : label;
}

/** An assignment created on its own (not a reassignment's twin) names its unit. */
function unitOfCreation(entry: HistoryRow, context: HistoryContext): string | null {
  const unitId = entry.action === 'assignment.create' ? field(entry.after, 'unitId') : null;
  return typeof unitId === 'string' ? (context.unitNames.get(unitId) ?? null) : null;
}

function changesOf(entry: HistoryRow): AuditChange[] {
  const creation = entry.before === null;
  return auditChanges(entry.before, entry.after).filter(
    (change) =>
      !IN_SUMMARY.has(change.field) &&
      (!creation || (SET_ON_CREATION.has(change.field) && change.after !== '—')),
  );
}

function field(value: object | null, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
