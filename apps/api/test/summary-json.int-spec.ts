import {
  addDays,
  ASSIGNMENT_STATUSES,
  assignmentSignals,
  assignmentBriefSchema,
  assignmentSummarySchema,
  taskSummarySchema,
  TASK_STATUSES,
  type AssignmentStatus,
  type TaskStatus,
} from '@duban/contracts';
import { SqlParams } from '../src/common/sql-params';
import { WorkingCalendar } from '../src/modules/calendar/working-calendar';
import { signalParamsFor } from '../src/modules/read-model/deadline-signals';
import { taskSummarySql, withToday } from '../src/modules/read-model/summary-json';
import { clonedClient, insertRootUnits } from './support/test-app';

/**
 * Every task view sends summaries PostgreSQL wrote (summary-json.ts); the web and the reminders hold the
 * contracts' rules (assignmentSignals). Both must give the same summary for every state, deadline,
 * progress, pending extension and late start.
 */
describe("summaries written by PostgreSQL follow the contracts' rules", () => {
  const db = clonedClient();

  it('on a grid of task and assignment states, deadlines, progress, extensions and late starts', async () => {
    const client = db();
    // Friday before the National Day holiday of 2023: daysLeft counts working days across it.
    const today = '2023-09-22';
    const options = signalParamsFor(today, 5, new WorkingCalendar());
    const units = await insertRootUnits(client, '摘要单位', 2);
    interface Case {
      code: string;
      taskStatus: TaskStatus;
      status: AssignmentStatus;
      deadline: string | null;
      progress: number;
      pending: boolean;
      late: boolean;
    }
    const cases: Case[] = [];
    for (const taskStatus of TASK_STATUSES)
      for (const status of ASSIGNMENT_STATUSES)
        for (const offset of [null, -40, -1, 0, 3, 12, 55])
          for (const [progress, pending, late] of [
            [0, false, false],
            [70, true, false],
            [30, false, true],
          ] as const)
            cases.push({
              code: `SUM-${cases.length}`,
              taskStatus,
              status,
              deadline: offset === null ? null : addDays(today, offset),
              progress,
              pending,
              late,
            });
    await client.query(
      `INSERT INTO task (code, title, status, start_date, deadline, late_from_start, report_cycle, created_at)
       SELECT c.code, '标题“' || c.code || '”\\n', c.task_status, '2023-06-01', c.deadline::date, c.late, 'monthly',
              '2023-06-01 09:30:12.345678+08'
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, task_status text, deadline text, late boolean)`,
      [JSON.stringify(cases.map((c) => ({ ...c, task_status: c.taskStatus })))],
    );
    // The case's assignment (unit 1, with timestamps carrying microseconds) beside a completed lead (unit 2).
    await client.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline, progress, extension_count, accepted_at, completed_at)
       SELECT t.id, $2::uuid, 'responsible', c.status, c.deadline::date, c.progress, 1,
              '2023-06-02 10:11:12.999999+08'::timestamptz, CASE WHEN c.status = 'completed' THEN '2023-07-02 23:59:59.000501+08'::timestamptz END
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, status text, deadline text, progress int) JOIN task t ON t.code = c.code
       UNION ALL
       SELECT t.id, $3::uuid, 'lead', 'completed', t.deadline, 100, 0, NULL, '2023-07-01 08:00:00+08'::timestamptz FROM task t WHERE t.code LIKE 'SUM-%'`,
      [JSON.stringify(cases), units[0], units[1]],
    );
    await client.query(
      `INSERT INTO extension_request (assignment_id, current_deadline, requested_deadline, reason)
       SELECT a.id, COALESCE(a.deadline, '2023-10-31'), '2023-12-31', '等待批复'
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, pending boolean)
         JOIN task t ON t.code = c.code JOIN assignment a ON a.task_id = t.id AND a.unit_id = $2
        WHERE c.pending`,
      [JSON.stringify(cases), units[0]],
    );

    const codes = cases.map((c) => c.code);
    const written = new SqlParams();
    const { rows: fromSql } = await client.query(
      `SELECT ${taskSummarySql(options, written, 'full')}::text AS item,
              ${taskSummarySql(options, written, 'brief')}::text AS brief
         FROM task t WHERE t.code = ANY(${written.add(codes)}) ORDER BY t.code`,
      written.values,
    );
    // The same tasks as stored, and their summaries by the contracts' rules.
    const { rows: stored } = await client.query(
      `SELECT t.*, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, to_char(t.start_date, 'YYYY-MM-DD') AS start_date,
              to_char(t.open_deadline, 'YYYY-MM-DD') AS open_deadline, to_char(t.behind_from, 'YYYY-MM-DD') AS behind_from,
              d.title AS document_title, m.number AS measure_number,
              (SELECT json_agg(x ORDER BY x.role <> 'lead', x.unit_name)
                 FROM (SELECT a.*, to_char(a.deadline, 'YYYY-MM-DD') AS deadline, u.name AS unit_name,
                              EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending') AS pending
                         FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.task_id = t.id) x) AS assignments
         FROM task t LEFT JOIN policy_document d ON d.id = t.document_id LEFT JOIN measure m ON m.id = t.measure_id
        WHERE t.code = ANY($1) ORDER BY t.code`,
      [codes],
    );
    const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
    const expected = stored.map((t) => {
      const overdue = t.open_deadline !== null && t.open_deadline < today;
      const dueSoon = t.open_deadline !== null && !overdue && t.open_deadline <= options.dueSoonUntil;
      const behind = t.behind_from !== null && t.behind_from <= today;
      return {
        id: t.id,
        code: t.code,
        title: t.title,
        documentId: t.document_id,
        documentTitle: t.document_title,
        measureNumber: t.measure_number,
        deadline: t.deadline,
        ongoing: t.ongoing,
        reportCycle: t.report_cycle,
        status: t.status,
        progress: t.rollup_progress,
        overdue,
        dueSoon,
        light: overdue ? 'red' : dueSoon || behind ? 'yellow' : 'green',
        daysLeft: t.open_deadline === null ? null : options.workingDaysBetween(today, t.open_deadline),
        daysLeftRuler: 'working_days',
        version: t.version,
        createdAt: iso(t.created_at),
        assignments: t.assignments.map((a: Record<string, never>) => ({
          id: a.id,
          taskId: a.task_id,
          unitId: a.unit_id,
          unitName: a.unit_name,
          role: a.role,
          status: a.status,
          progress: a.progress,
          deadline: a.deadline,
          extensionCount: a.extension_count,
          acceptedAt: iso(a.accepted_at),
          completedAt: iso(a.completed_at),
          version: a.version,
          ...assignmentSignals(
            {
              status: a.status,
              taskStatus: t.status,
              deadline: a.deadline,
              startDate: t.start_date,
              progress: a.progress,
              pendingExtension: a.pending,
              lateFromStart: t.late_from_start,
            },
            options,
          ),
        })),
      };
    });
    expect(fromSql).toHaveLength(cases.length);
    const sent = fromSql.map((row) => JSON.parse(withToday(row.item, options)));
    expect(sent).toEqual(expected);
    // Sent as written: nothing the schema would drop or convert.
    for (const item of sent)
      for (const assignment of item.assignments)
        expect(assignmentSummarySchema.parse(assignment)).toEqual(assignment);
    // A list row: the same task, each assignment in brief (the same overdue as its whole summary).
    const briefs = fromSql.map((row) => JSON.parse(withToday(row.brief, options)));
    expect(briefs).toEqual(
      expected.map((task) => ({
        ...task,
        assignments: task.assignments.map((a: Record<string, unknown>) => assignmentBriefSchema.parse(a)),
      })),
    );
    for (const item of briefs) expect(taskSummarySchema.parse(item)).toEqual(item);
    expect(briefs.flatMap((item) => item.assignments).some((a) => a.overdue)).toBe(true);
    // The grid reaches every value of the signals it compares.
    const all = sent.flatMap((item) => item.assignments);
    expect(new Set(all.map((a) => a.light))).toEqual(new Set(['green', 'yellow', 'red']));
    expect(new Set(all.map((a) => a.canRequestExtension))).toEqual(new Set([true, false]));
    expect(all.some((a) => a.dueSoon)).toBe(true);
    expect(all.some((a) => a.daysLeft !== null && a.daysLeft < 0)).toBe(true);
    expect(all.some((a) => a.daysLeft !== null && a.daysLeft > 0)).toBe(true);
  });

  it("keeps each list row's briefs equal to its assignments through every kind of change", async () => {
    const client = db();
    const today = '2023-09-22';
    const options = signalParamsFor(today, 5, new WorkingCalendar());
    const [first, second, third] = await insertRootUnits(client, '简要单位', 3);
    const { rows: tasks } = await client.query(
      `INSERT INTO task (code, title, status, start_date, deadline, report_cycle)
       SELECT 'BRF-' || g, '简要' || g, 'in_progress', '2023-06-01', '2023-12-31', 'monthly' FROM generate_series(1, 2) g
       RETURNING id`,
    );
    const [task, other] = tasks.map((row) => row.id as string);
    const { rows: assigned } = await client.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline, progress)
       VALUES ($1, $2, 'lead', 'accepted', '2023-09-01', 10), ($1, $3, 'responsible', 'pending', '2023-10-31', 0),
              ($1, $4, 'responsible', 'pending', NULL, 0)
       RETURNING id`,
      [task, first, second, third],
    );
    const [lead, responsible, cooperating] = assigned.map((row) => row.id as string);
    // The kept briefs as a list sends them, against the whole summaries SQL writes afresh.
    const briefsMatch = async () => {
      const written = new SqlParams();
      const { rows } = await client.query(
        `SELECT ${taskSummarySql(options, written, 'full')} AS item, ${taskSummarySql(options, written, 'brief')} AS brief
           FROM task t WHERE t.code LIKE 'BRF-%' ORDER BY t.code`,
        written.values,
      );
      for (const row of rows) {
        const brief = JSON.parse(withToday(row.brief, options));
        const whole = JSON.parse(withToday(row.item, options));
        expect(brief.assignments).toEqual(
          whole.assignments.map((a: Record<string, unknown>) => assignmentBriefSchema.parse(a)),
        );
      }
      return rows.map((row) => JSON.parse(withToday(row.brief, options)).assignments);
    };
    expect((await briefsMatch())[0].map((a: { overdue: boolean }) => a.overdue)).toEqual([
      true,
      false,
      false,
    ]);
    const changes = [
      [`UPDATE assignment SET progress = 60 WHERE id = $1`, [lead]],
      [`UPDATE assignment SET status = 'accepted' WHERE id = $1`, [responsible]],
      [`UPDATE assignment SET deadline = '2023-09-10' WHERE id = $1`, [lead]],
      [`UPDATE assignment SET status = 'completed', progress = 100 WHERE id = $1`, [responsible]],
      [`UPDATE unit SET name = '更名后的单位' WHERE id = $1`, [second]],
      [`UPDATE assignment SET task_id = $2 WHERE id = $1`, [cooperating, other]],
      [`DELETE FROM assignment WHERE id = $1`, [responsible]],
      [`UPDATE task SET status = 'completed' WHERE id = $1`, [task]],
    ] as const;
    for (const [change, values] of changes) {
      await client.query(change, [...values]);
      await briefsMatch();
    }
    const [closed, moved] = await briefsMatch();
    expect(closed.map((a: { unitId: string; overdue: boolean }) => [a.unitId, a.overdue])).toEqual([
      [first, false],
    ]);
    expect(moved.map((a: { id: string }) => a.id)).toEqual([cooperating]);
    // A bulk load's rebuild writes them all again.
    await client.query(`UPDATE task SET assignment_briefs = '[]' WHERE code LIKE 'BRF-%'`);
    await client.query('SELECT duban_rebuild_rollups()');
    await briefsMatch();
    expect((await briefsMatch())[1]).toHaveLength(1);
  });

  it('puts in daysLeft and a kept overdue only where the key is, never inside a text', () => {
    const options = signalParamsFor('2023-09-22', 5, new WorkingCalendar());
    const title = JSON.stringify('"daysLeft":"2023-10-09"');
    const unitName = JSON.stringify('"overdue" : "2023-09-01"');
    const text = `[{"title":${title},"daysLeft":"2023-10-09","assignments":[{"unitName":${unitName},"overdue" : "2023-09-01"},{"overdue" : "2023-09-22"},{"overdue" : false}]}]`;
    expect(JSON.parse(withToday(text, options))).toEqual([
      {
        title: '"daysLeft":"2023-10-09"',
        daysLeft: options.workingDaysBetween('2023-09-22', '2023-10-09'),
        assignments: [
          { unitName: '"overdue" : "2023-09-01"', overdue: true },
          { overdue: false },
          { overdue: false },
        ],
      },
    ]);
  });
});
