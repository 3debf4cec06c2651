// Derived signals (overdue, traffic light, expected progress) computed one way for api and web.
import type { z } from 'zod';
import { daysBetween } from './dates';
import type { assignmentSignalFieldsSchema, daysLeftRulerSchema } from './tasks';
import { canTransition, type AssignmentStatus, type TaskStatus } from './workflow';

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export interface SignalInput {
  deadline: string | null;
  startDate: string;
  progress: number;
  completed: boolean;
  /** Completion date, for on-time checks of closed work. */
  completedOn?: string | null;
}

export interface SignalOptions {
  today: string;
  /**
   * Calendar days from today to the last due-soon day. The due-soon window itself is counted in working
   * days (`dueSoonWindow`): pass its `dueSoonDays`, so the light and the reminders share one ruler.
   */
  dueSoonDays: number;
  /** Yellow when actual progress trails expected progress by more than this many points. */
  behindThreshold: number;
}

export const DEFAULT_SIGNAL_OPTIONS: Omit<SignalOptions, 'today'> = { dueSoonDays: 7, behindThreshold: 30 };

export function isOverdue(input: SignalInput, today: string): boolean {
  return !input.completed && input.deadline !== null && input.deadline < today;
}

/** 序时进度: the share of time elapsed between start and deadline, 0–100. */
export function expectedProgress(input: SignalInput, today: string): number | null {
  if (input.deadline === null) return null;
  const span = daysBetween(input.startDate, input.deadline);
  if (span <= 0) return 100;
  const elapsed = daysBetween(input.startDate, today);
  return Math.max(0, Math.min(100, Math.round((elapsed / span) * 100)));
}

export function lightFor(input: SignalInput, options: SignalOptions): Light {
  if (input.completed) return 'green';
  if (isOverdue(input, options.today)) return 'red';
  if (input.deadline !== null && daysBetween(options.today, input.deadline) <= options.dueSoonDays)
    return 'yellow';
  const expected = expectedProgress(input, options.today);
  if (expected !== null && expected - input.progress > options.behindThreshold) return 'yellow';
  return 'green';
}

export function completedOnTime(input: SignalInput): boolean | null {
  if (!input.completed || !input.completedOn) return null;
  return input.deadline === null || input.completedOn <= input.deadline;
}

/** Assignment states that still owe work (the one meaning of "open"; SQL: duban_is_open). */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  'pending',
  'accepted',
  'completion_requested',
];

export interface AssignmentSignalInput {
  status: AssignmentStatus;
  taskStatus: TaskStatus;
  deadline: string | null;
  startDate: string;
  progress: number;
  /** An extension request of this assignment awaits a decision. */
  pendingExtension: boolean;
  /** Published with its deadline already past and kept (标记为逾期交办): it may still ask for more time. */
  lateFromStart?: boolean;
}

/** The one due-soon ruler: working days of the Chinese calendar, as the reminders count them. */
export type DaysLeftRuler = z.infer<typeof daysLeftRulerSchema>;

/**
 * The due-soon window of `workingDays` working days from `today` (the reminders' ruler), as a date and as
 * the calendar-day span to it, so SQL can keep "due soon" a range predicate (deadline <= dueSoonUntil).
 */
export function dueSoonWindow(
  today: string,
  workingDays: number,
  addWorkingDays: (date: string, n: number) => string,
): { dueSoonUntil: string; dueSoonDays: number } {
  const dueSoonUntil = addWorkingDays(today, workingDays);
  return { dueSoonUntil, dueSoonDays: daysBetween(today, dueSoonUntil) };
}

/** The signals the API returns per assignment (its schema: `assignmentSignalFieldsSchema`). */
export type AssignmentSignalFields = z.infer<typeof assignmentSignalFieldsSchema>;

/**
 * Live: open while its task is in progress (SQL: assignment.live_deadline is its deadline exactly then).
 * Mirrors the database's rollups; a test compares both on a table of cases.
 */
export function assignmentSignals(
  input: AssignmentSignalInput,
  options: SignalOptions & {
    dueSoonUntil: string;
    /** Working days in (from, to], negative when `to` is before `from` (the calendar's count). */
    workingDaysBetween: (from: string, to: string) => number;
  },
): AssignmentSignalFields {
  const live = OPEN_ASSIGNMENT_STATUSES.includes(input.status) && input.taskStatus === 'in_progress';
  const deadline = live ? input.deadline : null;
  const overdue = deadline !== null && deadline < options.today;
  const dueSoon = deadline !== null && deadline >= options.today && deadline <= options.dueSoonUntil;
  return {
    overdue,
    dueSoon,
    light: lightFor(
      { deadline: input.deadline, startDate: input.startDate, progress: input.progress, completed: !live },
      options,
    ),
    daysLeft: deadline === null ? null : options.workingDaysBetween(options.today, deadline),
    daysLeftRuler: 'working_days',
    canRequestExtension:
      live &&
      canTransition(input.status, 'request_extension') &&
      !input.pendingExtension &&
      (input.deadline === null || input.deadline >= options.today || input.lateFromStart === true),
  };
}
