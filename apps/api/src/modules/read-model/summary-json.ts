// The task and assignment summaries as PostgreSQL writes them, in the contract's shape (TaskSummary,
// AssignmentSummary), so a list page leaves the API as the text it arrived as: parsing a page, mapping it,
// checking it and serialising it again cost more CPU than the database's part (docs/benchmarks.md). The
// signals are the same rules as libs/contracts' assignmentSignals (summary-json.int-spec compares them row by
// row). The one field SQL cannot compute is daysLeft, in working days of the calendar the API holds: SQL
// writes the deadline in its place and `withDaysLeft` puts the count in.
import { ASSIGNMENT_STATUSES, canTransition } from '@duban/contracts';
import { JsonText } from '../../common/json-text';
import type { SqlParams } from '../../common/sql-params';
import { signalSql, type SignalParams } from './task-query';

/** SQL: a timestamp as JavaScript's toISOString writes it (UTC, milliseconds cut, not rounded). */
export const isoSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The states an extension may be asked from (the state machine's, as a SQL list). */
const EXTENDABLE = ASSIGNMENT_STATUSES.filter((status) => canTransition(status, 'request_extension'))
  .map((status) => `'${status}'`)
  .join(', ');

/** SQL: a live date (open work in a task in progress) in daysLeft's place, for withDaysLeft. */
const daysLeftSql = (liveDeadline: string) => `to_char(${liveDeadline}, 'YYYY-MM-DD')`;

/**
 * SQL: the assignment summary of alias `a` (its task `t` with status, start_date and late_from_start, its
 * unit `u` with name) as a JSON object, with `extra` columns (我的任务's task fields); today and the due-soon
 * bounds become parameters.
 */
export function assignmentSummarySql(signals: SignalParams, params: SqlParams, extra = ''): string {
  const sql = signalSql(signals, params);
  const live = `(duban_is_open(a.status) AND t.status = 'in_progress')`;
  return `(SELECT row_to_json(s) FROM (SELECT
            a.id, a.task_id AS "taskId", a.unit_id AS "unitId", u.name AS "unitName", a.role, a.status, a.progress,
            to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.extension_count AS "extensionCount",
            ${isoSql('a.accepted_at')} AS "acceptedAt", ${isoSql('a.completed_at')} AS "completedAt", a.version,
            COALESCE(a.live_deadline < ${sql.today}, false) AS overdue,
            COALESCE(a.live_deadline BETWEEN ${sql.today} AND ${sql.until}, false) AS "dueSoon",
            duban_light(a.deadline, t.start_date, a.progress, NOT ${live}, ${sql.today},
                        ${params.add(signals.dueSoonDays)}::int, ${params.add(signals.behindThreshold)}::int) AS light,
            ${daysLeftSql('a.live_deadline')} AS "daysLeft", 'working_days' AS "daysLeftRuler",
            (${live} AND a.status IN (${EXTENDABLE})
              AND NOT EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending')
              AND (a.deadline IS NULL OR a.deadline >= ${sql.today} OR t.late_from_start IS TRUE)) AS "canRequestExtension"
            ${extra ? `, ${extra}` : ''}
          ) s)`;
}

/** Per-row lookup of the assignment's unit by primary key (a page holds about a hundred assignments). */
export const ASSIGNMENT_UNIT =
  'CROSS JOIN LATERAL (SELECT name, path FROM unit WHERE id = a.unit_id OFFSET 0) u';

/** SQL: the summaries of task `t`'s assignments as a JSON array, lead first, then by unit name. */
export function assignmentSummariesSql(signals: SignalParams, params: SqlParams): string {
  return `COALESCE((SELECT json_agg(${assignmentSummarySql(signals, params)} ORDER BY a.role <> 'lead', u.name)
                      FROM assignment a ${ASSIGNMENT_UNIT} WHERE a.task_id = t.id), '[]')`;
}

/**
 * SQL: the task summary of alias `t` (a task row: document_id, measure_id, rollup_progress, open_deadline,
 * behind_from, start_date, late_from_start…) with its assignments, as JSON. The document's title and the
 * measure's number are lookups by key: planning outer joins cost the list more than running its page.
 */
export function taskSummarySql(signals: SignalParams, params: SqlParams): string {
  const sql = signalSql(signals, params);
  return `(SELECT row_to_json(s) FROM (SELECT
            t.id, t.code, t.title, t.document_id AS "documentId",
            (SELECT d.title FROM policy_document d WHERE d.id = t.document_id) AS "documentTitle",
            (SELECT m.number FROM measure m WHERE m.id = t.measure_id) AS "measureNumber",
            to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.ongoing, t.report_cycle AS "reportCycle", t.status,
            t.rollup_progress AS progress, COALESCE(${sql.overdue}, false) AS overdue,
            COALESCE(${sql.dueSoon}, false) AS "dueSoon", ${sql.light} AS light,
            ${daysLeftSql('t.open_deadline')} AS "daysLeft", 'working_days' AS "daysLeftRuler",
            t.version, ${isoSql('t.created_at')} AS "createdAt",
            ${assignmentSummariesSql(signals, params)} AS assignments
          ) s)`;
}

/** A daysLeft as SQL wrote it: the date in its place, a string where the contract has a number. */
const DAYS_LEFT = /"daysLeft":"(\d{4}-\d{2}-\d{2})"/g;

/**
 * The summaries' text with each daysLeft counted in working days from today. Only a key matches: inside a
 * JSON string every quote is escaped, so no title or unit name can hold `"daysLeft":"`.
 */
export function withDaysLeft(text: string, signals: SignalParams): string {
  return text.replace(
    DAYS_LEFT,
    (_, day: string) => `"daysLeft":${signals.workingDaysBetween(signals.today, day)}`,
  );
}

/** A page answer: the items' text (from withDaysLeft) and the page's other fields, serialised around it. */
export function pageText(items: string, fields: Record<string, unknown>): JsonText {
  const rest = JSON.stringify(fields);
  return new JsonText(`{"items":${items}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`);
}
