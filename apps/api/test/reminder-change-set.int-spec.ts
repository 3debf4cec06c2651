import type { AssignmentStatus, ReportCycle, TaskStatus } from '@duban/contracts';
import { CalendarService } from '../src/modules/calendar/calendar.service';
import { remindersDue } from '../src/modules/reminders/reminder-rules';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { createTestApp, type TestApp } from './support/test-app';

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);

async function insertTask(
  t: TestApp,
  input: {
    deadline: string | null;
    status?: TaskStatus;
    ongoing?: boolean;
    cycle?: ReportCycle;
    unitId: string;
  },
): Promise<{ taskId: string; assignmentId: string }> {
  const [task] = await t.dataSource.query(
    `INSERT INTO task (code, title, deadline, ongoing, report_cycle, status, start_date)
     VALUES ('DB-C-' || nextval('task_code_seq'), '变更集事项', $1, $2, $3, $4, '2025-09-01') RETURNING id`,
    [input.deadline, input.ongoing ?? false, input.cycle ?? null, input.status ?? 'in_progress'],
  );
  const [assignment] = await t.dataSource.query(
    `INSERT INTO assignment (task_id, unit_id, role, status, deadline) VALUES ($1, $2, 'lead', 'accepted', $3) RETURNING id`,
    [task.id, input.unitId, input.deadline],
  );
  return { taskId: task.id, assignmentId: assignment.id };
}

/** Every (assignment, rule, bucket) the pure rules say is due now, for the rows as they are. */
async function expectedKeys(t: TestApp, now: Date): Promise<string[]> {
  const calendar = await t.app.get(CalendarService).calendar();
  const rules = await t.app.get(RemindersService).rules();
  const rows: {
    id: string;
    task_status: TaskStatus;
    status: AssignmentStatus;
    deadline: string | null;
    ongoing: boolean;
    report_cycle: ReportCycle | null;
    last_report_at: Date | null;
  }[] = await t.dataSource.query(
    `SELECT a.id, t.status AS task_status, a.status, a.deadline::text AS deadline, t.ongoing, t.report_cycle, a.last_report_at
       FROM assignment a JOIN task t ON t.id = a.task_id`,
  );
  return rows.flatMap((row) =>
    remindersDue(
      {
        taskStatus: row.task_status,
        assignmentStatus: row.status,
        deadline: row.deadline,
        ongoing: row.ongoing,
        reportCycle: row.report_cycle,
        lastReportAt: row.last_report_at,
      },
      rules,
      now,
      calendar,
    ).map((due) => `${row.id} ${due.rule} ${due.bucket}`),
  );
}

async function ledgerKeys(t: TestApp): Promise<string[]> {
  const rows: { key: string }[] = await t.dataSource.query(
    `SELECT DISTINCT assignment_id || ' ' || rule || ' ' || bucket::text AS key FROM reminder WHERE rule <> 'digest'`,
  );
  return rows.map((row) => row.key);
}

describe('reminder sweep from a change set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REMINDER_CRON: 'off' } });
  });
  afterAll(() => t.close());

  it('examines only what changed since the last sweep, and still records everything due exactly once', async () => {
    const { approval, market } = t.fixture.units;
    const sweeps = t.app.get(RemindersService);
    const now = at('2025-09-29');
    const first = await insertTask(t, { deadline: '2025-09-30', unitId: approval.id });
    const initial = await sweeps.sweep(now);
    expect(initial.created).toBeGreaterThan(0);

    // Nothing changed: nothing examined, nothing created.
    expect(await sweeps.sweep(now)).toMatchObject({ considered: 0, created: 0 });

    // An extension moves the deadline; a new assignment joins a deadline the last sweep already saw;
    // a completed ongoing task is reopened (its monthly report is due by 09-30); a report changes nothing.
    await t.dataSource.query(`UPDATE assignment SET deadline = '2025-10-09' WHERE id = $1`, [
      first.assignmentId,
    ]);
    const joined = await insertTask(t, { deadline: '2025-09-30', unitId: market.id });
    const ongoing = await insertTask(t, {
      deadline: null,
      status: 'completed',
      ongoing: true,
      cycle: 'monthly',
      unitId: market.id,
    });
    await t.dataSource.query(`UPDATE task SET status = 'in_progress' WHERE id = $1`, [ongoing.taskId]);
    await t.dataSource.query(`UPDATE assignment SET progress = 40 WHERE id = $1`, [joined.assignmentId]);

    const changed = await sweeps.sweep(now);
    expect(changed.considered).toBe(3);
    expect(changed.created).toBeGreaterThan(0);
    const expected = await expectedKeys(t, now);
    const ledger = await ledgerKeys(t);
    for (const key of expected) expect(ledger).toContain(key);
    for (const id of [first.assignmentId, joined.assignmentId, ongoing.assignmentId])
      expect(expected.some((key) => key.startsWith(id))).toBe(true);

    // Exactly once: again nothing; the next working day only its own new keys, then nothing.
    expect(await sweeps.sweep(now)).toMatchObject({ considered: 0, created: 0 });
    const next = at('2025-09-30');
    const tomorrow = await sweeps.sweep(next);
    expect(tomorrow.created).toBeGreaterThan(0);
    for (const key of await expectedKeys(t, next)) expect(await ledgerKeys(t)).toContain(key);
    expect(await sweeps.sweep(next)).toMatchObject({ considered: 0, created: 0 });
    const [{ duplicates }] = await t.dataSource.query(
      `SELECT count(*)::int AS duplicates FROM (SELECT 1 FROM reminder GROUP BY assignment_id, rule, bucket, recipient_id, source_key HAVING count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);
  });

  it('writes a sweep’s rows in key order under its own ids, folds them into digests it wrote, and sends one by one after the day’s digest', async () => {
    const sweeps = t.app.get(RemindersService);
    const settings = t.app.get(SettingsService);
    const rules = await sweeps.rules();
    await settings.updateReminderRules(SYSTEM_ACTOR, { ...rules, digestThreshold: 2 });
    try {
      const { market, approval } = t.fixture.units;
      for (const unitId of [market.id, market.id, market.id, approval.id])
        await insertTask(t, { deadline: '2025-10-10', unitId });
      const now = at('2025-10-13');
      const swept = await sweeps.sweep(now);
      expect(swept.byKind.digest).toBeGreaterThan(0);
      const rows: {
        id: string;
        rule: string;
        status: string;
        recipient_id: string;
        digest_id: string | null;
      }[] = await t.dataSource.query(
        `SELECT id, rule, status, recipient_id, digest_id FROM reminder WHERE created_at = $1
          ORDER BY assignment_id, rule, bucket, recipient_id`,
        [now],
      );
      expect(rows).toHaveLength(swept.created);
      // Time-ordered (version 7) and, within the sweep, ascending in the ledger key's order.
      for (const row of rows) expect(row.id[14]).toBe('7');
      const ids = rows.filter((row) => row.rule !== 'digest').map((row) => row.id);
      expect(ids).toEqual([...ids].sort());
      // Every folded row points at a digest of its own recipient written by the same sweep.
      const digests = new Map(rows.filter((r) => r.rule === 'digest').map((r) => [r.id, r.recipient_id]));
      const folded = rows.filter((row) => row.status === 'digested');
      expect(folded.length).toBeGreaterThan(0);
      for (const row of folded) expect(digests.get(row.digest_id!)).toBe(row.recipient_id);

      // Later the same day: no second digest; the new rows go alone.
      const late = await insertTask(t, { deadline: '2025-10-10', unitId: market.id });
      const later = await sweeps.sweep(at('2025-10-13'));
      expect(later.byKind.digest ?? 0).toBe(0);
      const alone = await t.dataSource.query(
        `SELECT status, digest_id FROM reminder WHERE assignment_id = $1`,
        [late.assignmentId],
      );
      expect(alone.length).toBeGreaterThan(0);
      for (const row of alone) expect(row).toEqual({ status: 'pending', digest_id: null });
    } finally {
      await settings.updateReminderRules(SYSTEM_ACTOR, rules);
    }
  });

  it('leaves the change set and the last plan to the next working day when swept on a non-working day', async () => {
    const sweeps = t.app.get(RemindersService);
    await sweeps.sweep(at('2025-10-17'));
    const runs = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM reminder_sweep_run`))[0].n as number;
    const before = await runs();
    // Changed on Saturday, due on Monday.
    const changed = await insertTask(t, { deadline: '2025-10-20', unitId: t.fixture.units.approval.id });
    expect(await sweeps.sweep(at('2025-10-18'))).toMatchObject({ considered: 0, created: 0 });
    expect(await runs()).toBe(before);
    const dirty = await t.dataSource.query(`SELECT assignment_id FROM reminder_dirty`);
    expect(dirty).toEqual([{ assignment_id: changed.assignmentId }]);

    const monday = at('2025-10-20');
    const swept = await sweeps.sweep(monday);
    expect(swept.created).toBeGreaterThan(0);
    const ledger = await ledgerKeys(t);
    for (const key of await expectedKeys(t, monday)) expect(ledger).toContain(key);
    expect(ledger.some((key) => key.startsWith(changed.assignmentId))).toBe(true);
  });

  it('checks every open assignment again after rows left the ledger', async () => {
    const sweeps = t.app.get(RemindersService);
    const now = at('2025-09-30');
    await t.dataSource.query(`DELETE FROM reminder`);
    const full = await sweeps.sweep(now);
    expect(full.created).toBeGreaterThan(0);
    for (const key of await expectedKeys(t, now)) expect(await ledgerKeys(t)).toContain(key);
  });
});
