import {
  addDays,
  ASSIGNMENT_STATUSES,
  assignmentSignals,
  DEFAULT_SIGNAL_OPTIONS,
  lightFor,
  OPEN_ASSIGNMENT_STATUSES,
  TASK_STATUSES,
  type AssignmentStatus,
  type Light,
  type SignalInput,
  type TaskStatus,
} from '@duban/contracts';
import { SqlParams } from '../src/common/sql-params';
import { WorkingCalendar } from '../src/modules/calendar/working-calendar';
import { signalParamsFor } from '../src/modules/read-model/deadline-signals';
import { signalSql } from '../src/modules/read-model/task-query';
import { clonedClient, insertRootUnits } from './support/test-app';

/** The SQL function duban_light (used by every task query) must agree with lightFor() (used by the web). */
describe('traffic light: SQL and TypeScript agree', () => {
  const db = clonedClient();

  it('on a grid of deadlines, progress values and completion states', async () => {
    const client = db();
    const start = '2023-03-01';
    const cases: SignalInput[] = [];
    for (const deadlineOffset of [null, -5, 0, 3, 7, 8, 30, 120])
      for (const progress of [0, 25, 60, 100])
        for (const completed of [false, true])
          cases.push({
            startDate: start,
            deadline: deadlineOffset === null ? null : addDays('2023-05-01', deadlineOffset),
            progress,
            completed,
          });
    const options = { today: '2023-05-01', dueSoonDays: 7, behindThreshold: 30 };
    const { rows } = await client.query(
      `SELECT duban_light(c.deadline::date, c.start_date::date, c.progress::int, c.completed::boolean, $2::date, $3::int, $4::int) AS light
         FROM jsonb_to_recordset($1::jsonb) AS c(deadline text, start_date text, progress int, completed boolean)`,
      [
        JSON.stringify(
          cases.map((c) => ({
            deadline: c.deadline,
            start_date: c.startDate,
            progress: c.progress,
            completed: c.completed,
          })),
        ),
        options.today,
        options.dueSoonDays,
        options.behindThreshold,
      ],
    );
    expect(rows.map((row) => row.light)).toEqual(cases.map((c) => lightFor(c, options)));
    expect(new Set(rows.map((row) => row.light))).toEqual(new Set(['green', 'yellow', 'red']));
  });

  it('keeps the stored rollups (triggers) equal to the per-assignment rules, as tasks and assignments change', async () => {
    const client = db();
    const today = '2023-05-01';
    // 5 working days from Labour Day 2023 (holiday to 05-03, Saturday 05-06 worked): the window ends 05-09.
    const options = signalParamsFor(today, 5, new WorkingCalendar());
    expect(options).toMatchObject({ dueSoonUntil: '2023-05-09', dueSoonDays: 8 });
    expect((await client.query('SELECT duban_behind_threshold() AS n')).rows[0].n).toBe(
      DEFAULT_SIGNAL_OPTIONS.behindThreshold,
    );
    const open = await client.query('SELECT s, duban_is_open(s) AS open FROM unnest($1::text[]) s', [
      ASSIGNMENT_STATUSES,
    ]);
    expect(open.rows.filter((row) => row.open).map((row) => row.s)).toEqual(OPEN_ASSIGNMENT_STATUSES);

    const units = await insertRootUnits(client, '对照单位', 2);
    // One task per case: the case's assignment (unit 1) beside a completed one (unit 2).
    interface Case {
      code: string;
      taskStatus: TaskStatus;
      status: AssignmentStatus;
      deadline: string | null;
      progress: number;
    }
    const cases: Case[] = [];
    for (const taskStatus of TASK_STATUSES)
      for (const status of ASSIGNMENT_STATUSES)
        for (const offset of [null, -40, -1, 0, 7, 8, 30, 55])
          for (const progress of [0, 40, 80])
            cases.push({
              code: `SIG-${cases.length}`,
              taskStatus,
              status,
              deadline: offset === null ? null : addDays(today, offset),
              progress,
            });
    await client.query(
      `INSERT INTO task (code, title, status, start_date, deadline)
       SELECT c.code, c.code, c.task_status, '2023-03-01', c.deadline::date
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, task_status text, deadline text)`,
      [JSON.stringify(cases.map((c) => ({ code: c.code, task_status: c.taskStatus, deadline: c.deadline })))],
    );
    await client.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline, progress)
       SELECT t.id, $2::uuid, 'lead', c.status, c.deadline::date, c.progress
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, status text, deadline text, progress int) JOIN task t ON t.code = c.code
       UNION ALL
       SELECT t.id, $3::uuid, 'responsible', 'completed', t.deadline, 100 FROM task t WHERE t.code LIKE 'SIG-%'`,
      [JSON.stringify(cases), units[0], units[1]],
    );

    const compare = async (label: string) => {
      const params = new SqlParams();
      const sql = signalSql(options, params);
      const codes = params.add(cases.map((c) => c.code));
      const { rows } = await client.query(
        `SELECT t.code, COALESCE(${sql.overdue}, false) AS overdue, COALESCE(${sql.dueSoon}, false) AS "dueSoon",
                ${sql.light} AS light, t.rollup_progress AS progress, t.scope_units @> ARRAY[$${params.values.length + 1}::uuid] AS scoped
           FROM task t WHERE t.code = ANY(${codes}) ORDER BY t.code COLLATE "C"`,
        [...params.values, units[0]],
      );
      const expected = cases
        .map((c) => {
          const mine = assignmentSignals({ ...c, startDate: '2023-03-01', pendingExtension: false }, options);
          const done = assignmentSignals(
            {
              status: 'completed',
              taskStatus: c.taskStatus,
              deadline: c.deadline,
              startDate: '2023-03-01',
              progress: 100,
              pendingExtension: false,
            },
            options,
          );
          // Returned work is not live, so its light is green like any finished assignment's.
          const lights: Light[] = [mine.light, done.light];
          const light = lights.includes('red') ? 'red' : lights.includes('yellow') ? 'yellow' : 'green';
          // The lead's progress, or the remaining (completed) assignment's once the lead handed it back.
          const progress = c.taskStatus === 'completed' || c.status === 'returned' ? 100 : c.progress;
          return {
            code: c.code,
            overdue: mine.overdue,
            dueSoon: mine.dueSoon,
            light,
            progress,
            scoped: true,
          };
        })
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      expect({ label, rows }).toEqual({ label, rows: expected });
    };
    await compare('inserted');
    // Every kind of write the triggers follow: task status, assignment status, progress and deadline.
    await client.query(
      `UPDATE task SET status = 'in_progress' WHERE code LIKE 'SIG-%' AND status = 'cancelled'`,
    );
    await client.query(
      `UPDATE assignment a SET progress = LEAST(100, a.progress + 30), deadline = a.deadline + 3
         FROM task t WHERE t.id = a.task_id AND t.code LIKE 'SIG-%' AND a.unit_id = $1`,
      [units[0]],
    );
    for (const c of cases) {
      if (c.taskStatus === 'cancelled') c.taskStatus = 'in_progress';
      c.progress = Math.min(100, c.progress + 30);
      c.deadline = c.deadline === null ? null : addDays(c.deadline, 3);
    }
    await compare('updated');
    const { rows: lights } = await client.query(
      `SELECT DISTINCT CASE WHEN open_deadline < $1 THEN 'red' WHEN open_deadline <= $2 OR behind_from <= $1 THEN 'yellow' ELSE 'green' END AS light
         FROM task WHERE code LIKE 'SIG-%'`,
      [today, options.dueSoonUntil],
    );
    expect(new Set(lights.map((row) => row.light))).toEqual(new Set(['green', 'yellow', 'red']));
  });

  it('counts due soon and daysLeft with one ruler, working days, in SQL, the light and the contracts', async () => {
    const client = db();
    const calendar = new WorkingCalendar();
    // Friday 2023-09-22; the National Day holiday runs 09-29 to 10-06 with Saturdays 10-07 and 10-08 worked.
    const today = '2023-09-22';
    const options = signalParamsFor(today, 3, calendar);
    expect(options.dueSoonUntil).toBe(calendar.addWorkingDays(today, 3));
    expect(options.dueSoonUntil).toBe('2023-09-27');
    const deadlines = Array.from({ length: 24 }, (_, i) => addDays(today, i - 4));
    const params = new SqlParams();
    const sql = signalSql(options, params);
    const list = params.add(deadlines);
    const { rows } = await client.query(
      `SELECT to_char(t.open_deadline, 'YYYY-MM-DD') AS deadline, COALESCE(${sql.dueSoon}, false) AS "dueSoon",
              COALESCE(${sql.overdue}, false) AS overdue,
              duban_light(t.open_deadline, '2023-01-01'::date, 100, false, ${sql.today}, ${params.add(options.dueSoonDays)}::int, 30) AS light
         FROM unnest(${list}::date[]) AS t(open_deadline) ORDER BY 1`,
      params.values,
    );
    const expected = deadlines.map((deadline) => {
      const signals = assignmentSignals(
        {
          status: 'accepted',
          taskStatus: 'in_progress',
          deadline,
          startDate: '2023-01-01',
          progress: 100,
          pendingExtension: false,
        },
        options,
      );
      expect(signals.daysLeft).toBe(calendar.workingDaysBetween(today, deadline));
      expect(signals.daysLeftRuler).toBe('working_days');
      return { deadline, dueSoon: signals.dueSoon, overdue: signals.overdue, light: signals.light };
    });
    expect(rows).toEqual(expected);
    // The window is 3 working days (the reminders' ruler), not 3 calendar days: Monday 09-25 to Wednesday 09-27.
    expect(expected.filter((row) => row.dueSoon).map((row) => row.deadline)).toEqual([
      '2023-09-22',
      '2023-09-23',
      '2023-09-24',
      '2023-09-25',
      '2023-09-26',
      '2023-09-27',
    ]);
  });
});
