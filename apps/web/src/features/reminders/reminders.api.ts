import type {
  CalendarDayView,
  CalendarOverrideInput,
  CalendarYear,
  ReminderRules,
  SweepResult,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const remindersApi = {
  rules: () => api<ReminderRules>('/reminders/rules'),
  saveRules: (body: ReminderRules) => api<ReminderRules>('/reminders/rules', { method: 'PUT', body }),
  sweep: () => api<SweepResult>('/reminders/sweep', { method: 'POST' }),
  calendar: (year: number) => api<CalendarYear>(`/calendar?year=${year}`),
  setCalendarDay: ({ date, ...body }: CalendarOverrideInput & { date: string }) =>
    api<CalendarDayView>(`/calendar/days/${date}`, { method: 'PUT', body }),
  removeCalendarDay: (date: string) => api<void>(`/calendar/days/${date}`, { method: 'DELETE' }),
};
