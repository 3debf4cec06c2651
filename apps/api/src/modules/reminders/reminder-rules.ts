// Which reminders are due: pure functions of (assignment, rules, now) on a working-day calendar.
// The SQL sweep evaluates the same functions once per distinct deadline and report cycle and joins
// the result to the assignments, so the database and these functions cannot disagree.
import {
  addDays,
  shanghaiDate,
  type AssignmentStatus,
  type NotificationKind,
  type ReminderRules,
  type ReportCycle,
  type TaskStatus,
} from '@duban/contracts';
import type { WorkingCalendar } from '../calendar/working-calendar';

/** Assignments still being worked on: reminders stop at completion or return. */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  'pending',
  'accepted',
  'completion_requested',
];

/**
 * Kinds folded into a daily digest when many fire at once for one person (a supervisor over a whole
 * city would otherwise get one 督办 notice per overdue assignment). A supervisor's urge always goes alone.
 */
export const DIGESTIBLE_KINDS: readonly NotificationKind[] = [
  'due_soon',
  'overdue',
  'report_due',
  'escalation',
];

export const RULE = {
  dueSoon: (days: number) => `due_soon_${days}`,
  deadlineDay: 'deadline_day',
  overdue: 'overdue',
  escalation: 'escalation',
  reportDue: 'report_due',
  urge: 'urge',
  digest: 'digest',
} as const;

/** Workflow messages (not due dates): their rule is their kind, and each event is its own source key. */
export const EVENT_KINDS = [
  'review_result',
  'assignment',
  'cancellation',
  'submission',
] as const satisfies readonly NotificationKind[];
export type EventKind = (typeof EVENT_KINDS)[number];

export interface DueReminder {
  rule: string;
  kind: NotificationKind;
  /** The period the rule fires for: the deadline, the overdue period's first day, a report period's end. */
  bucket: string;
  /** Working days until the deadline or period end (negative: working days overdue). */
  workingDays: number;
}

export interface ReminderSubject {
  taskStatus: TaskStatus;
  assignmentStatus: AssignmentStatus;
  deadline: string | null;
  ongoing: boolean;
  reportCycle: ReportCycle | null;
  lastReportAt: Date | null;
}

/** Rules as the engine uses them: due-soon thresholds ascending and without repeats. */
export function normalizeRules(rules: ReminderRules): ReminderRules {
  return { ...rules, dueSoonDays: [...new Set(rules.dueSoonDays)].sort((a, b) => a - b) };
}

/**
 * Deadline rules for one deadline as of `today`. Nothing fires on a non-working day; a sweep on the
 * next working day catches up, because every rule is a window, not an instant:
 * - due soon N: r working days remain (r = working days in (today, deadline]) and N is the smallest
 *   threshold ≥ r, so a worker that was down from r = 8 to r = 2 sends the 3-day reminder only;
 * - deadline day: today is the deadline, or the last working day before a deadline on a holiday;
 * - overdue: every `overdueEveryWorkingDays` working days, bucketed by the period's first day;
 * - escalation: once per deadline, from `escalateAfterWorkingDays` working days overdue.
 */
export function deadlineReminders(
  deadline: string,
  rules: ReminderRules,
  today: string,
  calendar: WorkingCalendar,
): DueReminder[] {
  if (!calendar.isWorkingDay(today)) return [];
  const due: DueReminder[] = [];
  if (deadline >= today) {
    const left = calendar.workingDaysBetween(today, deadline);
    if (left === 0) {
      if (rules.remindOnDeadlineDay)
        due.push({ rule: RULE.deadlineDay, kind: 'due_soon', bucket: deadline, workingDays: 0 });
      return due;
    }
    const threshold = [...rules.dueSoonDays].sort((a, b) => a - b).find((days) => days >= left);
    if (threshold !== undefined)
      due.push({ rule: RULE.dueSoon(threshold), kind: 'due_soon', bucket: deadline, workingDays: left });
    return due;
  }
  const late = calendar.workingDaysBetween(deadline, today);
  const every = rules.overdueEveryWorkingDays;
  const period = Math.floor((late - 1) / every);
  const bucket = every === 1 ? today : calendar.addWorkingDays(deadline, period * every + 1);
  due.push({ rule: RULE.overdue, kind: 'overdue', bucket, workingDays: -late });
  if (late >= rules.escalateAfterWorkingDays) {
    due.push({ rule: RULE.escalation, kind: 'escalation', bucket: deadline, workingDays: -late });
  }
  return due;
}

/** The report period containing `today`: ISO week (Monday–Sunday), calendar month or quarter. */
export function reportPeriod(cycle: ReportCycle, today: string): { start: string; end: string } {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  if (cycle === 'weekly') {
    const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
    const start = addDays(today, -((dow + 6) % 7));
    return { start, end: addDays(start, 6) };
  }
  const firstMonth = cycle === 'monthly' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const months = cycle === 'monthly' ? 1 : 3;
  const start = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const next =
    firstMonth + months > 12
      ? `${year + 1}-01-01`
      : `${year}-${String(firstMonth + months).padStart(2, '0')}-01`;
  return { start, end: addDays(next, -1) };
}

/**
 * The report-due rule for a cycle as of `today`, before looking at the assignment's last report:
 * it fires in the last `reportDueLeadWorkingDays` working days of the period, for assignments that
 * have not reported since `periodStart`.
 */
export function reportReminder(
  cycle: ReportCycle,
  rules: ReminderRules,
  today: string,
  calendar: WorkingCalendar,
): (DueReminder & { periodStart: string }) | null {
  if (!calendar.isWorkingDay(today)) return null;
  const period = reportPeriod(cycle, today);
  const left = calendar.workingDaysBetween(today, period.end);
  if (left > rules.reportDueLeadWorkingDays) return null;
  return {
    rule: RULE.reportDue,
    kind: 'report_due',
    bucket: period.end,
    workingDays: left,
    periodStart: period.start,
  };
}

/** Everything due for one assignment at `now`: the reference the SQL sweep is tested against. */
export function remindersDue(
  subject: ReminderSubject,
  rules: ReminderRules,
  now: Date,
  calendar: WorkingCalendar,
): DueReminder[] {
  if (subject.taskStatus !== 'in_progress' || !OPEN_ASSIGNMENT_STATUSES.includes(subject.assignmentStatus))
    return [];
  const today = shanghaiDate(now);
  const due = subject.deadline ? deadlineReminders(subject.deadline, rules, today, calendar) : [];
  if (subject.ongoing && subject.reportCycle) {
    const report = reportReminder(subject.reportCycle, rules, today, calendar);
    const reportedOn = subject.lastReportAt ? shanghaiDate(subject.lastReportAt) : null;
    if (report && (reportedOn === null || reportedOn < report.periodStart)) {
      const { periodStart: _, ...reminder } = report;
      due.push(reminder);
    }
  }
  return due;
}

/**
 * Title and body for a scheduled reminder, as PostgreSQL `format()` templates: %1$s task title,
 * %2$s unit name, %3$s task code. Only numbers and dates are baked in here, never user text.
 */
export function reminderText(
  due: DueReminder,
  deadline: string | null,
  today: string,
): { title: string; body: string } {
  const days = Math.abs(due.workingDays);
  switch (due.kind) {
    case 'due_soon':
      return due.rule === RULE.deadlineDay
        ? {
            title: '今日截止：%1$s',
            body:
              deadline === today
                ? `【%3$s】%2$s承办的「%1$s」办理时限为今天（${deadline}），请于今日办结或报送进展。`
                : `【%3$s】%2$s承办的「%1$s」办理时限为 ${deadline}（非工作日），今天是截止前最后一个工作日，请于今日办结或报送进展。`,
          }
        : {
            title: `临期提醒（剩 ${days} 个工作日）：%1$s`,
            body: `【%3$s】%2$s承办的「%1$s」将于 ${deadline} 到期，距截止还有 ${days} 个工作日，请抓紧办理并及时报送进展。`,
          };
    case 'overdue':
      return {
        title: `逾期提醒（已逾期 ${days} 个工作日）：%1$s`,
        body: `【%3$s】%2$s承办的「%1$s」办理时限为 ${deadline}，已逾期 ${days} 个工作日，请尽快办结；确需延期的请提交延期申请。`,
      };
    case 'escalation':
      return {
        title: `督办通知：%2$s「%1$s」逾期 ${days} 个工作日`,
        body: `【%3$s】%2$s承办的「%1$s」办理时限为 ${deadline}，已逾期 ${days} 个工作日。请单位负责人督促办理，并书面说明逾期原因和整改时限。`,
      };
    case 'report_due':
      return {
        title: `报送提醒：%1$s`,
        body: `【%3$s】请%2$s于 ${due.bucket} 前报送「%1$s」本期工作进展${days > 0 ? `（剩 ${days} 个工作日）` : '（今日截止）'}。`,
      };
    default:
      return { title: '%1$s', body: '%2$s：%1$s' };
  }
}
