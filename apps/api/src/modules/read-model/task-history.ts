import { AUDIT_CHILD_TWINS, auditActionLabel, type TimelineEntry } from '@duban/contracts';

/** The audit columns a timeline reads. */
export interface HistoryRow {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  after: object | null;
}

/** The audit trail of a task and its children as a timeline a clerk can read, each step once. */
export function describeHistory(entries: HistoryRow[]): TimelineEntry[] {
  // A report or extension row is the twin of its assignment's row in the same transaction (same `at`).
  const steps = new Set(entries.map((entry) => `${entry.at.getTime()}|${entry.actorId}|${entry.action}`));
  return entries
    .filter((entry) => {
      const twin = AUDIT_CHILD_TWINS[entry.action];
      return !twin || !steps.has(`${entry.at.getTime()}|${entry.actorId}|${twin}`);
    })
    .map((entry) => {
      const after = (entry.after ?? {}) as Record<string, unknown>;
      const detail = [after.unitName, after.reason, after.comment, after.content, after.message]
        .filter((part): part is string => typeof part === 'string' && part.length > 0)
        .join('：');
      const label = auditActionLabel(entry.action);
      return {
        at: entry.at.toISOString(),
        action: entry.action,
        actorName: entry.actorName,
        entityType: entry.entityType,
        summary: detail ? `${label}（${detail.slice(0, 200)}）` : label,
      };
    });
}
