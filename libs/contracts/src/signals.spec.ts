import { daysBetween } from './dates';
import {
  assignmentSignals,
  completedOnTime,
  dueSoonWindow,
  expectedProgress,
  isOverdue,
  lightFor,
  type SignalInput,
} from './signals';

const base: SignalInput = { deadline: '2023-06-30', startDate: '2023-03-01', progress: 50, completed: false };
const options = { today: '2023-04-01', dueSoonDays: 7, behindThreshold: 30 };

describe('derived signals', () => {
  it('is red once the deadline has passed and the work is open', () => {
    expect(isOverdue(base, '2023-07-01')).toBe(true);
    expect(isOverdue(base, '2023-06-30')).toBe(false);
    expect(lightFor(base, { ...options, today: '2023-07-01' })).toBe('red');
    expect(lightFor({ ...base, completed: true }, { ...options, today: '2023-07-01' })).toBe('green');
  });

  it('is yellow within the due-soon window', () => {
    expect(lightFor(base, { ...options, today: '2023-06-23' })).toBe('yellow');
    expect(lightFor({ ...base, progress: 90 }, { ...options, today: '2023-06-22' })).toBe('green');
  });

  it('is yellow when progress trails 序时进度 by more than the threshold', () => {
    // 2023-05-31 is 91 of 121 days in: about 75% expected.
    expect(expectedProgress(base, '2023-05-31')).toBe(75);
    expect(lightFor({ ...base, progress: 40 }, { ...options, today: '2023-05-31' })).toBe('yellow');
    expect(lightFor({ ...base, progress: 50 }, { ...options, today: '2023-05-31' })).toBe('green');
  });

  it('treats open-ended work as green and judges on-time completion', () => {
    expect(lightFor({ ...base, deadline: null, progress: 0 }, { ...options, today: '2030-01-01' })).toBe(
      'green',
    );
    expect(completedOnTime({ ...base, completed: true, completedOn: '2023-06-30' })).toBe(true);
    expect(completedOnTime({ ...base, completed: true, completedOn: '2023-07-01' })).toBe(false);
    expect(completedOnTime(base)).toBeNull();
  });

  it('lets an extension be asked for before the deadline, or after it when the task was kept late at publish', () => {
    const accepted = {
      status: 'accepted' as const,
      taskStatus: 'in_progress' as const,
      deadline: '2023-03-31',
      startDate: '2023-03-01',
      progress: 10,
      pendingExtension: false,
    };
    const at = (today: string) => ({
      ...options,
      today,
      dueSoonUntil: today,
      workingDaysBetween: (from: string, to: string) => daysBetween(from, to),
    });
    expect(assignmentSignals(accepted, at('2023-03-31')).canRequestExtension).toBe(true);
    expect(assignmentSignals(accepted, at('2023-04-01')).canRequestExtension).toBe(false);
    expect(
      assignmentSignals({ ...accepted, lateFromStart: true }, at('2023-04-01')).canRequestExtension,
    ).toBe(true);
    expect(
      assignmentSignals({ ...accepted, lateFromStart: true, pendingExtension: true }, at('2023-04-01'))
        .canRequestExtension,
    ).toBe(false);
  });
});

describe('dueSoonWindow', () => {
  it('counts the window in working days and gives the calendar span to its last day', () => {
    // Monday–Friday only: 5 working days from Thursday 2023-03-02 end on Thursday 2023-03-09.
    const addWeekdays = (date: string, n: number) => {
      let day = date;
      for (let left = n; left > 0;) {
        day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (weekday !== 0 && weekday !== 6) left--;
      }
      return day;
    };
    expect(dueSoonWindow('2023-03-02', 5, addWeekdays)).toEqual({
      dueSoonUntil: '2023-03-09',
      dueSoonDays: 7,
    });
    expect(dueSoonWindow('2023-03-03', 1, addWeekdays)).toEqual({
      dueSoonUntil: '2023-03-06',
      dueSoonDays: 3,
    });
  });
});
