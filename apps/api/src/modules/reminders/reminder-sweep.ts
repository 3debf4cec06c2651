// The set-based sweep: the rule functions are evaluated once per distinct deadline and per report
// cycle (a few hundred values, not one per assignment), and PostgreSQL joins that plan to every open
// assignment and its recipients in one INSERT … SELECT … ON CONFLICT DO NOTHING.
import { REPORT_CYCLES, type ReminderRules } from '@duban/contracts';
import { pathWithinSql } from '../units/jurisdiction';
import type { WorkingCalendar } from '../calendar/working-calendar';
import {
  deadlineReminders,
  DIGESTIBLE_KINDS,
  OPEN_ASSIGNMENT_STATUSES,
  reminderText,
  reportReminder,
  RULE,
} from './reminder-rules';

export interface SweepPlan {
  today: string;
  deadlines: {
    deadline: string[];
    rule: string[];
    kind: string[];
    bucket: string[];
    title: string[];
    body: string[];
  };
  cycles: { cycle: string[]; periodStart: string[]; bucket: string[]; title: string[]; body: string[] };
}

export function buildSweepPlan(
  deadlines: readonly string[],
  rules: ReminderRules,
  today: string,
  calendar: WorkingCalendar,
): SweepPlan {
  const plan: SweepPlan = {
    today,
    deadlines: { deadline: [], rule: [], kind: [], bucket: [], title: [], body: [] },
    cycles: { cycle: [], periodStart: [], bucket: [], title: [], body: [] },
  };
  for (const deadline of deadlines) {
    for (const due of deadlineReminders(deadline, rules, today, calendar)) {
      const text = reminderText(due, deadline, today);
      plan.deadlines.deadline.push(deadline);
      plan.deadlines.rule.push(due.rule);
      plan.deadlines.kind.push(due.kind);
      plan.deadlines.bucket.push(due.bucket);
      plan.deadlines.title.push(text.title);
      plan.deadlines.body.push(text.body);
    }
  }
  for (const cycle of REPORT_CYCLES) {
    const due = reportReminder(cycle, rules, today, calendar);
    if (!due) continue;
    const text = reminderText(due, null, today);
    plan.cycles.cycle.push(cycle);
    plan.cycles.periodStart.push(due.periodStart);
    plan.cycles.bucket.push(due.bucket);
    plan.cycles.title.push(text.title);
    plan.cycles.body.push(text.body);
  }
  return plan;
}

export const OPEN_STATUSES = [...OPEN_ASSIGNMENT_STATUSES];

/**
 * The distinct deadlines of open work (live_deadline: open, task in progress), the plan's input: a skip
 * scan of ix_assignment_live_deadline_sweep, one index probe per distinct date, whatever the row count.
 */
export const DEADLINES_SQL = `
  WITH RECURSIVE d AS (
    (SELECT live_deadline AS deadline FROM assignment WHERE live_deadline IS NOT NULL ORDER BY live_deadline LIMIT 1)
    UNION ALL
    SELECT (SELECT a.live_deadline FROM assignment a WHERE a.live_deadline > d.deadline ORDER BY a.live_deadline LIMIT 1)
      FROM d WHERE d.deadline IS NOT NULL
  )
  SELECT deadline::text AS deadline FROM d WHERE deadline IS NOT NULL`;

/** The plan's entries as strings, recorded per sweep (reminder_sweep_run.plan) and compared with the next. */
export function planKeys(plan: SweepPlan): { deadlines: string[]; cycles: string[] } {
  const d = plan.deadlines;
  const c = plan.cycles;
  return {
    deadlines: d.deadline.map((deadline, i) => `d|${deadline}|${d.rule[i]}|${d.bucket[i]}`),
    cycles: c.cycle.map((cycle, i) => `c|${cycle}|${c.periodStart[i]}|${c.bucket[i]}`),
  };
}

/**
 * Drains the change set: assignments changed since the last sweep (filled by triggers, see the
 * ReminderChangeSet migration). Inside the sweep's transaction: a rollback puts them back; rows
 * committed after this statement stay for the next sweep.
 */
export const DRAIN_DIRTY_SQL = `
  WITH drained AS (DELETE FROM reminder_dirty RETURNING assignment_id) SELECT assignment_id::text AS id FROM drained`;

/**
 * What this sweep will record, staged before anything touches the ledger (dropped at commit): the
 * text once per fired (assignment, rule, bucket), and the narrow rows per recipient.
 */
export const SWEEP_TEMP_SQL = [
  `CREATE TEMP TABLE sweep_fired (
     assignment_id uuid NOT NULL, task_id uuid NOT NULL, unit_id uuid NOT NULL, unit_path text NOT NULL,
     rule text NOT NULL, kind text NOT NULL, bucket date NOT NULL, title text NOT NULL, body text NOT NULL
   ) ON COMMIT DROP`,
  `CREATE TEMP TABLE sweep_candidate (
     assignment_id uuid NOT NULL, rule text NOT NULL, bucket date NOT NULL, recipient_id uuid NOT NULL, kind text NOT NULL
   ) ON COMMIT DROP`,
  `CREATE TEMP TABLE sweep_new (id uuid NOT NULL, kind text NOT NULL, status text NOT NULL) ON COMMIT DROP`,
];

/**
 * Every rule that fires now for open work, with its text formatted once per assignment and rule.
 * `onlyNewKeys`: skip (assignment, rule, bucket) keys the ledger already holds. Exact only while the
 * directory (who receives what) is unchanged since the last sweep, since a key recorded then reached
 * every recipient it has now; the service decides (see DIRECTORY_FINGERPRINT_SQL).
 *
 * `changeSet`: the last sweep evaluated some of today's plan entries for every open assignment already
 * (same directory), so only the rest can fire for them: fresh entries ($13 fresh deadline flags, $14
 * fresh cycle flags) for open work found by an index probe on live_deadline (or by the task's report
 * cycle), and every entry for the assignments changed since ($15, the drained reminder_dirty).
 * Without it, every open assignment is joined to every entry.
 */
export function sweepFiredSql(onlyNewKeys: boolean, changeSet: boolean): string {
  // A probe of uq_reminder_key on all its leading columns per fired key. As a plain NOT EXISTS the
  // planner probed by assignment alone (it misjudges the plan × open work join) and filtered every
  // ledger row of the assignment: 4 s at 1M on a day's first sweep instead of 1.
  const unrecorded = (rule: string, bucket: string) =>
    onlyNewKeys
      ? {
          join: `LEFT JOIN LATERAL (SELECT true AS hit FROM reminder r
                                     WHERE r.assignment_id = w.id AND r.rule = ${rule} AND r.bucket = ${bucket}
                                       AND r.source_key = '' LIMIT 1) recorded ON true`,
          where: 'AND recorded.hit IS NULL',
        }
      : { join: '', where: '' };
  const deadlineKey = unrecorded('p.rule', 'p.bucket');
  const cycleKey = unrecorded(`'${RULE.reportDue}'`, 'c.bucket');
  const columns = `a.id, a.task_id, a.unit_id, a.deadline, a.last_report_at, t.title AS task_title, t.code,
           t.ongoing, t.report_cycle, un.name AS unit_name, un.path AS unit_path`;
  const joins = `FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit un ON un.id = a.unit_id`;
  const openWork = changeSet
    ? `SELECT DISTINCT ON (id) * FROM (
         SELECT ${columns}, false AS changed ${joins}
          WHERE a.live_deadline = ANY(ARRAY(SELECT p.deadline FROM plan p WHERE p.fresh))
         UNION ALL
         SELECT ${columns}, false ${joins}
          WHERE t.status = 'in_progress' AND t.ongoing AND a.status = ANY($1::text[])
            AND t.report_cycle = ANY(ARRAY(SELECT c.cycle FROM cycle_plan c WHERE c.fresh))
         UNION ALL
         SELECT ${columns}, true ${joins}
          WHERE a.id = ANY($15::uuid[]) AND t.status = 'in_progress' AND a.status = ANY($1::text[])
       ) candidates ORDER BY id, changed DESC`
    : `SELECT ${columns}, true AS changed ${joins}
        WHERE t.status = 'in_progress' AND a.status = ANY($1::text[])
          AND cardinality($15::uuid[]) >= 0 /* every open assignment counts as changed here */`;
  return `
  WITH plan AS (
    SELECT * FROM unnest($2::date[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $13::boolean[])
      AS p(deadline, rule, kind, bucket, title_tpl, body_tpl, fresh)
  ), cycle_plan AS (
    SELECT * FROM unnest($8::text[], $9::date[], $10::date[], $11::text[], $12::text[], $14::boolean[])
      AS c(cycle, period_start, bucket, title_tpl, body_tpl, fresh)
  ), open_work AS (${openWork})
  INSERT INTO sweep_fired
  SELECT w.id, w.task_id, w.unit_id, w.unit_path, p.rule, p.kind, p.bucket,
         left(format(p.title_tpl, w.task_title, w.unit_name, w.code), 300),
         format(p.body_tpl, w.task_title, w.unit_name, w.code)
    FROM open_work w JOIN plan p ON p.deadline = w.deadline AND (p.fresh OR w.changed) ${deadlineKey.join}
   WHERE true ${deadlineKey.where}
  UNION ALL
  SELECT w.id, w.task_id, w.unit_id, w.unit_path, '${RULE.reportDue}', 'report_due', c.bucket,
         left(format(c.title_tpl, w.task_title, w.unit_name, w.code), 300),
         format(c.body_tpl, w.task_title, w.unit_name, w.code)
    FROM open_work w JOIN cycle_plan c ON c.cycle = w.report_cycle AND (c.fresh OR w.changed) ${cycleKey.join}
   WHERE w.ongoing
     AND (w.last_report_at IS NULL OR (w.last_report_at AT TIME ZONE 'Asia/Shanghai')::date < c.period_start)
     ${cycleKey.where}`;
}

/**
 * Everything that decides who receives a reminder: users' unit, role, head flag and activity, and
 * the unit tree (escalations go up it). Equal fingerprints on two sweeps mean equal recipients.
 */
export const DIRECTORY_FINGERPRINT_SQL = `
  SELECT md5(
    coalesce((SELECT string_agg(concat_ws(':', id, unit_id, active, is_unit_head, array_to_string(roles, '|')), ',' ORDER BY id)
                FROM app_user), '')
    || '#' || coalesce((SELECT string_agg(id || ':' || path, ',' ORDER BY id) FROM unit), '')
  ) AS directory`;

/**
 * "Due now and nothing recorded in this bucket": one row per (assignment, rule, bucket, recipient)
 * that the ledger does not hold yet. Ordinary reminders go to the active users of the assignment's
 * unit; escalations to the unit's head and to supervisors whose unit is the assignment unit or one
 * of its ancestors (by unit.path), or who have no unit. Sweeps hold an advisory lock, so the
 * anti-join is exact; the ledger's unique key still backs it up at insert. With `onlyNewKeys` the
 * fired keys are already absent from the ledger for every recipient (sweep rows alone carry source
 * key ''), so the anti-join is left out: it hashed the whole ledger on every sweep that fired.
 */
export function sweepCandidatesSql(onlyNewKeys: boolean): string {
  const unrecorded = onlyNewKeys
    ? ''
    : `WHERE NOT EXISTS (
         SELECT 1 FROM reminder r
          WHERE r.assignment_id = x.assignment_id AND r.rule = x.rule AND r.bucket = x.bucket
            AND r.recipient_id = x.recipient_id AND r.source_key = ''
       )`;
  return `
  WITH escalated_units AS (
    SELECT DISTINCT unit_id, unit_path FROM sweep_fired WHERE rule = '${RULE.escalation}'
  ), escalation_recipients AS (
    -- Few supervisors, few escalated units: match jurisdictions here, then hash-join to the rows.
    SELECT e.unit_id, u.id AS recipient_id
      FROM escalated_units e JOIN app_user u ON u.unit_id = e.unit_id AND u.is_unit_head AND u.active
    UNION
    SELECT e.unit_id, u.id
      FROM escalated_units e
      JOIN app_user u ON u.active AND 'supervisor' = ANY(u.roles)
      LEFT JOIN unit su ON su.id = u.unit_id
     WHERE u.unit_id IS NULL OR ${pathWithinSql('e.unit_path', 'su.path')}
  ), addressed AS (
    SELECT f.assignment_id, f.rule, f.bucket, u.id AS recipient_id, f.kind
      FROM sweep_fired f JOIN app_user u ON u.unit_id = f.unit_id AND u.active
     WHERE f.rule <> '${RULE.escalation}'
    UNION ALL
    SELECT f.assignment_id, f.rule, f.bucket, er.recipient_id, f.kind
      FROM sweep_fired f JOIN escalation_recipients er ON er.unit_id = f.unit_id
     WHERE f.rule = '${RULE.escalation}'
  )
  INSERT INTO sweep_candidate
  SELECT x.assignment_id, x.rule, x.bucket, x.recipient_id, x.kind
    FROM addressed x
   ${unrecorded}`;
}

export const DIGEST_KINDS = [...DIGESTIBLE_KINDS];

/**
 * Time-ordered ids for one statement's rows: the UUID version 7 layout of duban_uuid7() (48 bits of
 * milliseconds, 40 random bits drawn once per statement) with the row's number in the last 32 bits.
 * Calling duban_uuid7() per row cost 9 µs a row (a third of a day's first sweep at 1M); this is an
 * expression. Unique: sweeps are serialised, and rows of one statement differ by their number.
 */
const batchIds = `(SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
                          || '7' || substr(r, 1, 3) || '8' || substr(r, 4, 7) AS prefix
                     FROM md5(random()::text) r)`;
const batchId = (rowNumber: string) => `(ids.prefix || lpad(to_hex(${rowNumber}), 8, '0'))::uuid`;

/**
 * Writes the staged rows to the ledger in one pass. A recipient with at least `threshold` digestible
 * rows gets one digest per day (a ledger row of its own); the rows it folds are written already
 * 'digested' and are never sent alone. A recipient who already had today's digest gets later rows
 * one by one. $1 today, $2 threshold, $3 digestible kinds, $4 now.
 *
 * The digest ids are drawn before either insert, so the folded rows take theirs from `heavy` (a few
 * thousand rows) instead of waiting for the digest insert and joining its output. Sweeps are
 * serialised, so the digest insert cannot conflict: it has no ON CONFLICT clause, and if it ever did
 * conflict the sweep would fail whole rather than fold rows into a digest that was never written.
 */
export const SWEEP_RECORD_SQL = `
  WITH ids AS MATERIALIZED ${batchIds}, heavy AS MATERIALIZED (
    SELECT ${batchId('2147483648 + row_number() OVER ()')} AS digest_id, g.*
      FROM (SELECT c.recipient_id, count(*)::int AS n,
                   (array_agg(f.title ORDER BY c.kind, f.title))[1:50] AS titles,
                   (array_agg(f.task_id ORDER BY c.kind, f.title))[1:50] AS task_ids
              FROM sweep_candidate c JOIN sweep_fired f USING (assignment_id, rule, bucket)
             WHERE c.kind = ANY($3::text[])
               AND NOT EXISTS (SELECT 1 FROM reminder r
                                WHERE r.recipient_id = c.recipient_id AND r.bucket = $1 AND r.rule = '${RULE.digest}')
             GROUP BY c.recipient_id
            HAVING count(*) >= $2) g
     CROSS JOIN ids
  ), digest AS (
    INSERT INTO reminder (id, assignment_id, task_id, rule, kind, bucket, recipient_id, source_key, title, body, payload, created_at)
    SELECT h.digest_id, NULL, NULL, '${RULE.digest}', 'digest', $1, h.recipient_id, '',
           '今日督办汇总：' || h.n || ' 项事项需要办理',
           '以下事项需要您关注：' || E'\\n' || array_to_string(ARRAY(SELECT '· ' || t FROM unnest(h.titles) AS t), E'\\n')
             || CASE WHEN h.n > 50 THEN E'\\n' || '……等共 ' || h.n || ' 项，请登录系统查看。' ELSE '' END,
           -- Each line links to its task.
           jsonb_build_object('lines', (SELECT jsonb_agg(jsonb_build_object('taskId', l.task_id, 'title', l.title) ORDER BY l.n)
                                          FROM unnest(h.task_ids, h.titles) WITH ORDINALITY AS l(task_id, title, n))),
           $4
      FROM heavy h
    RETURNING id, kind, status
  ), recorded AS (
    INSERT INTO reminder (id, assignment_id, task_id, rule, kind, bucket, recipient_id, source_key, title, body, status, digest_id, created_at)
    SELECT ${batchId('row_number() OVER (ORDER BY x.assignment_id, x.rule, x.bucket, x.recipient_id)')},
           x.assignment_id, x.task_id, x.rule, x.kind, x.bucket, x.recipient_id, '', x.title, x.body,
           CASE WHEN x.digest_id IS NULL THEN 'pending' ELSE 'digested' END, x.digest_id, $4
      FROM (
        -- A folded row is never sent alone: the digest carries its title, so its own body is left
        -- empty (before the sort below, which then moves narrow rows).
        SELECT c.assignment_id, f.task_id, c.rule, c.kind, c.bucket, c.recipient_id, f.title,
               CASE WHEN c.kind = ANY($3::text[]) AND h.digest_id IS NOT NULL THEN '' ELSE f.body END AS body,
               CASE WHEN c.kind = ANY($3::text[]) THEN h.digest_id END AS digest_id
          FROM sweep_candidate c
          JOIN sweep_fired f USING (assignment_id, rule, bucket)
          LEFT JOIN heavy h ON h.recipient_id = c.recipient_id
        OFFSET 0
      ) x CROSS JOIN ids
    -- In key order, so the unique key's pages are visited once each rather than at random.
    ORDER BY x.assignment_id, x.rule, x.bucket, x.recipient_id
    ON CONFLICT DO NOTHING
    RETURNING id, kind, status
  )
  INSERT INTO sweep_new
  SELECT id, kind, status FROM recorded
  UNION ALL
  SELECT id, kind, status FROM digest`;
