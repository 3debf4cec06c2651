import {
  addDays,
  ASSIGNMENT_STATUSES,
  DEFAULT_REMINDER_RULES,
  REPORT_CYCLES,
  type ReminderRules,
  type TaskStatus,
} from '@duban/contracts';
import { CalendarService } from '../src/modules/calendar/calendar.service';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { remindersDue, type ReminderSubject } from '../src/modules/reminders/reminder-rules';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { createTestApp, type TestApp } from './support/test-app';

interface Row extends ReminderSubject {
  assignmentId: string;
}

/** The set-based SQL sweep must produce exactly what remindersDue() says, assignment by assignment. */
describe('reminder sweep: SQL and the pure rules agree', () => {
  let t: TestApp;
  const rows: Row[] = [];
  beforeAll(async () => {
    t = await createTestApp({ role: 'api', env: { REMINDER_CRON: 'off' } });
    let seed = 20251001;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const units = [t.fixture.units.approval, t.fixture.units.market];
    for (let i = 0; i < 400; i++) {
      const taskStatus: TaskStatus =
        random() < 0.9 ? 'in_progress' : pick(['completed', 'cancelled'] as const);
      const deadline = random() < 0.15 ? null : addDays('2025-09-20', Math.floor(random() * 140) - 50);
      const ongoing = random() < 0.3;
      const reportCycle = random() < 0.6 ? pick(REPORT_CYCLES) : null;
      const [task] = await t.dataSource.query(
        `INSERT INTO task (code, title, deadline, ongoing, report_cycle, status, start_date)
         VALUES ('DB-S-' || nextval('task_code_seq'), $1, $2, $3, $4, $5, '2025-06-01') RETURNING id`,
        [`事项 ${i}`, deadline, ongoing, reportCycle, taskStatus],
      );
      for (const unit of units.slice(0, 1 + Math.floor(random() * 2))) {
        const assignmentStatus = pick(ASSIGNMENT_STATUSES);
        const ownDeadline = random() < 0.2 && deadline ? addDays(deadline, 10) : deadline;
        const lastReportAt =
          random() < 0.5
            ? null
            : new Date(
                Date.parse('2025-06-01T00:00:00+08:00') +
                  Math.floor(random() * 220) * 86_400_000 +
                  Math.floor(random() * 86_400_000),
              );
        const [assignment] = await t.dataSource.query(
          `INSERT INTO assignment (task_id, unit_id, role, status, deadline, last_report_at) VALUES ($1, $2, 'lead', $3, $4, $5) RETURNING id`,
          [task.id, unit.id, assignmentStatus, ownDeadline, lastReportAt],
        );
        rows.push({
          assignmentId: assignment.id,
          taskStatus,
          assignmentStatus,
          deadline: ownDeadline,
          ongoing,
          reportCycle,
          lastReportAt,
        });
      }
    }
  });
  afterAll(() => t.close());

  const custom: ReminderRules = {
    ...DEFAULT_REMINDER_RULES,
    dueSoonDays: [2, 5],
    remindOnDeadlineDay: false,
    overdueEveryWorkingDays: 3,
    escalateAfterWorkingDays: 2,
    reportDueLeadWorkingDays: 1,
  };

  // Ordinary days, the 调休 Sunday and Saturday, a holiday, quarter ends, a Shanghai-midnight edge.
  const instants = [
    '2025-09-26T09:00:00+08:00',
    '2025-09-28T09:00:00+08:00',
    '2025-09-30T23:59:00+08:00',
    '2025-10-03T09:00:00+08:00',
    '2025-10-09T00:01:00+08:00',
    '2025-10-11T09:00:00+08:00',
    '2025-11-28T09:00:00+08:00',
    '2025-12-31T09:00:00+08:00',
  ];

  for (const [label, rules] of [
    ['default rules', DEFAULT_REMINDER_RULES],
    ['custom rules', custom],
  ] as const) {
    it.each(instants)(`${label} at %s`, async (instant) => {
      await t.app.get(SettingsService).updateReminderRules(SYSTEM_ACTOR, rules);
      await t.dataSource.query(`DELETE FROM reminder`);
      const now = new Date(instant);
      await t.app.get(RemindersService).sweep(now);
      const calendar = await t.app.get(CalendarService).calendar();
      const actual: string[] = (
        await t.dataSource.query(
          `SELECT DISTINCT assignment_id, rule, bucket::text AS bucket FROM reminder WHERE rule <> 'digest'`,
        )
      ).map(
        (r: { assignment_id: string; rule: string; bucket: string }) =>
          `${r.assignment_id} ${r.rule} ${r.bucket}`,
      );
      const expected = rows.flatMap((row) =>
        remindersDue(row, rules, now, calendar).map((due) => `${row.assignmentId} ${due.rule} ${due.bucket}`),
      );
      expect(actual.sort()).toEqual(expected.sort());
      if (instant.startsWith('2025-10-03')) expect(expected).toHaveLength(0);
      else expect(expected.length).toBeGreaterThan(0);
    });
  }

  it('honours admin overrides in calendar_day (a holiday turned into a working day)', async () => {
    await t.app.get(SettingsService).updateReminderRules(SYSTEM_ACTOR, DEFAULT_REMINDER_RULES);
    await t.dataSource.query(`DELETE FROM reminder`);
    await t.dataSource.query(
      `INSERT INTO calendar_day (date, is_working_day, note) VALUES ('2025-10-03', true, '测试：临时上班')`,
    );
    try {
      const now = new Date('2025-10-03T09:00:00+08:00');
      const calendar = await t.app.get(CalendarService).calendar();
      expect(calendar.isWorkingDay('2025-10-03')).toBe(true);
      await t.app.get(RemindersService).sweep(now);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(DISTINCT (assignment_id, rule, bucket))::int AS n FROM reminder WHERE rule <> 'digest'`,
      );
      const expected = rows.flatMap((row) => remindersDue(row, DEFAULT_REMINDER_RULES, now, calendar));
      expect(expected.length).toBeGreaterThan(0);
      expect(n).toBe(expected.length);
    } finally {
      await t.dataSource.query(`DELETE FROM calendar_day`);
    }
  });

  it('covers every rule across the instants', async () => {
    await t.app.get(SettingsService).updateReminderRules(SYSTEM_ACTOR, DEFAULT_REMINDER_RULES);
    const calendar = await t.app.get(CalendarService).calendar();
    const rules = new Set(
      instants.flatMap((instant) =>
        rows.flatMap((row) =>
          remindersDue(row, DEFAULT_REMINDER_RULES, new Date(instant), calendar).map((d) => d.rule),
        ),
      ),
    );
    expect([...rules].sort()).toEqual([
      'deadline_day',
      'due_soon_1',
      'due_soon_3',
      'due_soon_7',
      'escalation',
      'overdue',
      'report_due',
    ]);
  });
});
