// Which ledger rows may leave the hot `reminder` table. A row may go once no sweep can ever want
// its key again, so the unique key (exactly once) loses nothing by forgetting it:
// - deadline and report rules fire only for the current period: a bucket older than the cut-off
//   (longer than any overdue period) never comes round again;
// - an escalation's bucket is the deadline itself and fires while the assignment is overdue, so it
//   goes only once its assignment is completed or its task closed (both final);
// - digests and urges carry today's bucket or a fresh source key.
// Only delivered rows ('sent', folded 'digested') move; pending and failed rows stay.
import { RULE } from './reminder-rules';

/** The days an archived bucket must be older than: at least twice the overdue period, plus holidays. */
export function archiveCutoffDays(archiveDays: number, overdueEveryWorkingDays: number): number {
  return Math.max(archiveDays, overdueEveryWorkingDays * 2 + 14);
}

/** Moves up to $3 rows (bucket and creation older than $1 / $2) to reminder_archive; returns how many. */
export const ARCHIVE_REMINDERS_SQL = `
  WITH doomed AS (
    SELECT r.id
      FROM reminder r
      LEFT JOIN assignment a ON a.id = r.assignment_id
      LEFT JOIN task t ON t.id = a.task_id
     WHERE r.status IN ('sent', 'digested') AND r.bucket < $1::date AND r.created_at < $2
       AND (r.rule <> '${RULE.escalation}' OR a.id IS NULL OR a.status = 'completed' OR t.status <> 'in_progress')
     LIMIT $3
  ), moved AS (
    DELETE FROM reminder r USING doomed WHERE r.id = doomed.id RETURNING r.*
  ), archived AS (
    INSERT INTO reminder_archive (id, assignment_id, rule, bucket, recipient_id, created_at, row)
    SELECT m.id, m.assignment_id, m.rule, m.bucket, m.recipient_id, m.created_at, to_jsonb(m) FROM moved m
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM archived`;
