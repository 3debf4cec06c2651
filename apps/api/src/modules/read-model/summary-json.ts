// The task and assignment summaries as PostgreSQL writes them, in the contract's shape (TaskSummary,
// AssignmentSummary), so a list page leaves the API as the text it arrived as: parsing a page, mapping it,
// checking it and serialising it again cost more CPU than the database's part (docs/benchmarks.md). The
// signals are the same rules as libs/contracts' assignmentSignals (summary-json.int-spec compares them row by
// row). What SQL does not compute is daysLeft, in working days of the calendar the API holds, and a kept brief's
// overdue (the briefs are written on change, not daily): SQL writes the date in their place and `withToday`
// puts the answer in.
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

/** SQL: a live date (open work in a task in progress) in daysLeft's place, for withToday. */
const daysLeftSql = (liveDeadline: string) => `to_char(${liveDeadline}, 'YYYY-MM-DD')`;

/** SQL: a JSON object of the given keys and SQL values (json_build_object: no subquery to plan). */
const jsonObject = (fields: Record<string, string>) =>
  `json_build_object(${Object.entries(fields)
    .map(([key, value]) => `'${key}', ${value}`)
    .join(', ')})`;

/**
 * SQL: the assignment summary of alias `a` (its task `t` with status, start_date and late_from_start, its
 * unit `u` with name) as a JSON object, with `extra` fields (我的任务's task fields); today and the due-soon
 * bounds become parameters.
 */
export function assignmentSummarySql(
  signals: SignalParams,
  params: SqlParams,
  extra: Record<string, string> = {},
): string {
  const sql = signalSql(signals, params);
  const live = `(duban_is_open(a.status) AND t.status = 'in_progress')`;
  return jsonObject({
    // AssignmentBrief's fields first: a list row's brief (migration AssignmentBriefs) is these, kept on write.
    id: 'a.id',
    unitId: 'a.unit_id',
    unitName: 'u.name',
    role: 'a.role',
    status: 'a.status',
    progress: 'a.progress',
    deadline: `to_char(a.deadline, 'YYYY-MM-DD')`,
    overdue: `COALESCE(a.live_deadline < ${sql.today}, false)`,
    taskId: 'a.task_id',
    extensionCount: 'a.extension_count',
    acceptedAt: isoSql('a.accepted_at'),
    completedAt: isoSql('a.completed_at'),
    version: 'a.version',
    dueSoon: `COALESCE(a.live_deadline BETWEEN ${sql.today} AND ${sql.until}, false)`,
    light: `duban_light(a.deadline, t.start_date, a.progress, NOT ${live}, ${sql.today},
                       ${params.add(signals.dueSoonDays)}::int, ${params.add(signals.behindThreshold)}::int)`,
    daysLeft: daysLeftSql('a.live_deadline'),
    daysLeftRuler: `'working_days'::text`,
    canRequestExtension: `(${live} AND a.status IN (${EXTENDABLE})
      AND NOT EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending')
      AND (a.deadline IS NULL OR a.deadline >= ${sql.today} OR t.late_from_start IS TRUE))`,
    ...extra,
  });
}

/** Per-row lookup of the assignment's unit by primary key (a page holds about a hundred assignments). */
export const ASSIGNMENT_UNIT =
  'CROSS JOIN LATERAL (SELECT name, path FROM unit WHERE id = a.unit_id OFFSET 0) u';

/** SQL: task `t`'s assignments as a JSON array of `item` (alias `a`, unit `u`), lead first, then by unit name. */
const assignmentsSql = (item: string) =>
  `COALESCE((SELECT json_agg(${item} ORDER BY a.role <> 'lead', u.name)
               FROM assignment a ${ASSIGNMENT_UNIT} WHERE a.task_id = t.id), '[]')`;

/**
 * SQL: the summary of task `t` (a task row: document_id, measure_id, rollup_progress, open_deadline,
 * behind_from, start_date, late_from_start, assignment_briefs…) as JSON text, with its assignments as a list row
 * carries them (`brief`, TaskSummary: the briefs kept on the task, spliced in as they are) or whole (`full`, the
 * detail's). The document's title and the measure's number are lookups by key: planning outer joins cost the
 * list more than running its page.
 */
export function taskSummarySql(
  signals: SignalParams,
  params: SqlParams,
  assignments: 'brief' | 'full',
): string {
  const sql = signalSql(signals, params);
  const fields = {
    id: 't.id',
    code: 't.code',
    title: 't.title',
    documentId: 't.document_id',
    documentTitle: '(SELECT d.title FROM policy_document d WHERE d.id = t.document_id)',
    measureNumber: '(SELECT m.number FROM measure m WHERE m.id = t.measure_id)',
    deadline: `to_char(t.deadline, 'YYYY-MM-DD')`,
    ongoing: 't.ongoing',
    reportCycle: 't.report_cycle',
    status: 't.status',
    progress: 't.rollup_progress',
    overdue: `COALESCE(${sql.overdue}, false)`,
    dueSoon: `COALESCE(${sql.dueSoon}, false)`,
    light: sql.light,
    daysLeft: daysLeftSql('t.open_deadline'),
    daysLeftRuler: `'working_days'::text`,
    version: 't.version',
    createdAt: isoSql('t.created_at'),
  };
  if (assignments === 'brief')
    return `(left(${jsonObject(fields)}::text, -1) || ', "assignments" : ' || t.assignment_briefs || '}')`;
  return `${jsonObject({ ...fields, assignments: assignmentsSql(assignmentSummarySql(signals, params)) })}::text`;
}

/**
 * What SQL wrote as a date for the API to decide: a daysLeft (a string where the contract has a number) and a
 * kept brief's overdue (its live deadline, migration AssignmentBriefs).
 */
const DATED = /"(daysLeft|overdue)" ?: ?"(\d{4}-\d{2}-\d{2})"/g;

/**
 * The summaries' text with what only today decides put in, in one pass: each daysLeft counted in working days,
 * each kept brief's overdue (its live deadline before today). Only a key matches: inside a JSON string every
 * quote is escaped, so no title or unit name can hold `"daysLeft":"` or `"overdue":"`.
 */
export function withToday(text: string, signals: SignalParams): string {
  return text.replace(DATED, (_, key: string, day: string) =>
    key === 'daysLeft'
      ? `"daysLeft":${signals.workingDaysBetween(signals.today, day)}`
      : `"overdue":${day < signals.today}`,
  );
}

/** A page answer: the items' text (from withToday) and the page's other fields, serialised around it. */
export function pageText(items: string, fields: Record<string, unknown>): JsonText {
  const rest = JSON.stringify(fields);
  return new JsonText(`{"items":${items}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`);
}
