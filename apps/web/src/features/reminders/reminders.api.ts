import type { ReminderRules, SweepResult } from '@duban/contracts';
import { api } from '../../lib/http';

export const remindersApi = {
  rules: () => api<ReminderRules>('/reminders/rules'),
  saveRules: (body: ReminderRules) => api<ReminderRules>('/reminders/rules', { method: 'PUT', body }),
  sweep: () => api<SweepResult>('/reminders/sweep', { method: 'POST' }),
};
