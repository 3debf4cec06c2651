import { DEFAULT_REMINDER_RULES, type ReminderRules } from '@duban/contracts';
import { WorkingCalendar } from '../calendar/working-calendar';
import {
  deadlineReminders,
  remindersDue,
  reminderText,
  reportPeriod,
  reportReminder,
  type ReminderSubject,
} from './reminder-rules';

const calendar = new WorkingCalendar();
const rules: ReminderRules = DEFAULT_REMINDER_RULES;
const at = (date: string) => new Date(`${date}T09:00:00+08:00`);
const rulesOn = (deadline: string, today: string, custom: ReminderRules = rules) =>
  deadlineReminders(deadline, custom, today, calendar).map((due) => `${due.rule}@${due.bucket}`);

describe('deadline rules around the 2025 National Day holiday', () => {
  // Deadline Friday 2025-10-10. Working days: 09-26, 09-28 (调休 Sunday), 09-29, 09-30, [10-01..08 off], 10-09, 10-10, 10-11 (调休 Saturday).
  const deadline = '2025-10-10';

  it('counts the working days left across the holiday', () => {
    expect(deadlineReminders(deadline, rules, '2025-09-30', calendar)[0]!.workingDays).toBe(2);
    expect(rulesOn(deadline, '2025-09-30')).toEqual(['due_soon_3@2025-10-10']);
    expect(rulesOn(deadline, '2025-09-29')).toEqual(['due_soon_3@2025-10-10']);
    expect(rulesOn(deadline, '2025-09-28')).toEqual(['due_soon_7@2025-10-10']);
    expect(rulesOn(deadline, '2025-10-09')).toEqual(['due_soon_1@2025-10-10']);
    expect(rulesOn(deadline, '2025-10-10')).toEqual(['deadline_day@2025-10-10']);
  });

  it('sends nothing on holidays and weekends', () => {
    expect(rulesOn(deadline, '2025-10-03')).toEqual([]);
    expect(rulesOn(deadline, '2025-09-27')).toEqual([]);
  });

  it('fires due-soon as windows: the largest threshold stops where the next begins', () => {
    // On 09-23 eight working days remain (24, 25, 26, 28, 29, 30, 10-09, 10-10): nothing yet.
    const left = (today: string) => calendar.workingDaysBetween(today, deadline);
    expect(left('2025-09-23')).toBe(8);
    expect(rulesOn(deadline, '2025-09-23')).toEqual([]);
    expect(left('2025-09-24')).toBe(7);
    expect(rulesOn(deadline, '2025-09-24')).toEqual(['due_soon_7@2025-10-10']);
    expect(rulesOn(deadline, '2025-09-26')).toEqual(['due_soon_7@2025-10-10']);
  });

  it('is overdue from the make-up Saturday, every working day, and escalates after 5 working days', () => {
    expect(rulesOn(deadline, '2025-10-11')).toEqual(['overdue@2025-10-11']);
    expect(rulesOn(deadline, '2025-10-12')).toEqual([]);
    expect(rulesOn(deadline, '2025-10-13')).toEqual(['overdue@2025-10-13']);
    expect(rulesOn(deadline, '2025-10-15')).toEqual(['overdue@2025-10-15']);
    // 10-11, 13, 14, 15, 16: the fifth working day overdue.
    expect(rulesOn(deadline, '2025-10-16')).toEqual(['overdue@2025-10-16', 'escalation@2025-10-10']);
    expect(rulesOn(deadline, '2025-10-20')).toEqual(['overdue@2025-10-20', 'escalation@2025-10-10']);
  });

  it('treats the last working day before a deadline on a holiday as the deadline day', () => {
    expect(rulesOn('2025-10-05', '2025-09-30')).toEqual(['deadline_day@2025-10-05']);
    expect(rulesOn('2025-10-05', '2025-09-29')).toEqual(['due_soon_1@2025-10-05']);
    expect(rulesOn('2025-10-05', '2025-10-09')).toEqual(['overdue@2025-10-09']);
    expect(deadlineReminders('2025-10-05', rules, '2025-10-09', calendar)[0]!.workingDays).toBe(-1);
  });

  it('repeats overdue reminders per period when overdueEveryWorkingDays > 1', () => {
    const every3 = { ...rules, overdueEveryWorkingDays: 3, escalateAfterWorkingDays: 90 };
    // Working days after 10-10: 10-11 (1), 10-13 (2), 10-14 (3), 10-15 (4), 10-16 (5), 10-17 (6), 10-20 (7).
    expect(rulesOn(deadline, '2025-10-11', every3)).toEqual(['overdue@2025-10-11']);
    expect(rulesOn(deadline, '2025-10-14', every3)).toEqual(['overdue@2025-10-11']);
    expect(rulesOn(deadline, '2025-10-15', every3)).toEqual(['overdue@2025-10-15']);
    expect(rulesOn(deadline, '2025-10-17', every3)).toEqual(['overdue@2025-10-15']);
    expect(rulesOn(deadline, '2025-10-20', every3)).toEqual(['overdue@2025-10-20']);
  });

  it('honours switched-off rules', () => {
    const quiet = { ...rules, dueSoonDays: [], remindOnDeadlineDay: false };
    expect(rulesOn(deadline, '2025-09-30', quiet)).toEqual([]);
    expect(rulesOn(deadline, '2025-10-10', quiet)).toEqual([]);
  });
});

describe('report periods', () => {
  it('are ISO weeks, months and quarters', () => {
    expect(reportPeriod('weekly', '2025-10-01')).toEqual({ start: '2025-09-29', end: '2025-10-05' });
    expect(reportPeriod('weekly', '2025-10-05')).toEqual({ start: '2025-09-29', end: '2025-10-05' });
    expect(reportPeriod('monthly', '2025-02-10')).toEqual({ start: '2025-02-01', end: '2025-02-28' });
    expect(reportPeriod('monthly', '2025-12-31')).toEqual({ start: '2025-12-01', end: '2025-12-31' });
    expect(reportPeriod('quarterly', '2025-11-15')).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(reportPeriod('quarterly', '2025-03-31')).toEqual({ start: '2025-01-01', end: '2025-03-31' });
  });

  it('fire in the last working days of the period', () => {
    // September 2025 ends Tuesday 09-30; with a lead of 3: working days 09-26 (3 left: 28, 29, 30) onwards.
    expect(reportReminder('monthly', rules, '2025-09-25', calendar)).toBeNull();
    expect(reportReminder('monthly', rules, '2025-09-26', calendar)).toMatchObject({
      bucket: '2025-09-30',
      workingDays: 3,
      periodStart: '2025-09-01',
    });
    expect(reportReminder('monthly', rules, '2025-09-30', calendar)).toMatchObject({ workingDays: 0 });
    expect(reportReminder('monthly', rules, '2025-09-27', calendar)).toBeNull(); // Saturday
  });
});

describe('remindersDue', () => {
  const subject: ReminderSubject = {
    taskStatus: 'in_progress',
    assignmentStatus: 'accepted',
    deadline: '2025-10-10',
    ongoing: false,
    reportCycle: null,
    lastReportAt: null,
  };

  it('uses the Shanghai date of now', () => {
    // 2025-10-09T20:00Z is already 10-10 in Shanghai.
    expect(
      remindersDue(subject, rules, new Date('2025-10-09T20:00:00Z'), calendar).map((d) => d.rule),
    ).toEqual(['deadline_day']);
    expect(
      remindersDue(subject, rules, new Date('2025-10-09T10:00:00Z'), calendar).map((d) => d.rule),
    ).toEqual(['due_soon_1']);
  });

  it('stops for completed or returned assignments and finished tasks', () => {
    expect(
      remindersDue({ ...subject, assignmentStatus: 'completed' }, rules, at('2025-10-13'), calendar),
    ).toEqual([]);
    expect(
      remindersDue({ ...subject, assignmentStatus: 'returned' }, rules, at('2025-10-13'), calendar),
    ).toEqual([]);
    expect(remindersDue({ ...subject, taskStatus: 'cancelled' }, rules, at('2025-10-13'), calendar)).toEqual(
      [],
    );
    expect(
      remindersDue(
        { ...subject, assignmentStatus: 'completion_requested' },
        rules,
        at('2025-10-13'),
        calendar,
      ),
    ).toHaveLength(1);
  });

  it('asks ongoing tasks for a report unless one arrived this period', () => {
    const ongoing = { ...subject, deadline: null, ongoing: true, reportCycle: 'monthly' as const };
    expect(remindersDue(ongoing, rules, at('2025-09-29'), calendar)).toEqual([
      { rule: 'report_due', kind: 'report_due', bucket: '2025-09-30', workingDays: 1 },
    ]);
    expect(
      remindersDue(
        { ...ongoing, lastReportAt: new Date('2025-09-01T01:00:00+08:00') },
        rules,
        at('2025-09-29'),
        calendar,
      ),
    ).toEqual([]);
    // 08-31T15:30Z is 08-31 23:30 in Shanghai (August); 08-31T16:30Z is 09-01 00:30 (September).
    expect(
      remindersDue(
        { ...ongoing, lastReportAt: new Date('2025-08-31T15:30:00Z') },
        rules,
        at('2025-09-29'),
        calendar,
      ),
    ).toHaveLength(1);
    expect(
      remindersDue(
        { ...ongoing, lastReportAt: new Date('2025-08-31T16:30:00Z') },
        rules,
        at('2025-09-29'),
        calendar,
      ),
    ).toEqual([]);
    expect(remindersDue({ ...ongoing, ongoing: false }, rules, at('2025-09-29'), calendar)).toEqual([]);
  });
});

describe('reminderText', () => {
  it('bakes in only numbers and dates', () => {
    const [due] = deadlineReminders('2025-10-10', rules, '2025-09-30', calendar);
    const text = reminderText(due!, '2025-10-10', '2025-09-30');
    expect(text.title).toBe('临期提醒（剩 2 个工作日）：%1$s');
    expect(text.body).toContain('2025-10-10');
  });
});
