import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { remindersApi } from './reminders.api';

export const useReminderRules = (enabled: boolean) => useQuery({ queryKey: ['reminders', 'rules'], queryFn: remindersApi.rules, enabled });

export function useSaveReminderRules() {
  const client = useQueryClient();
  return useMutation({ mutationFn: remindersApi.saveRules, onSuccess: (rules) => client.setQueryData(['reminders', 'rules'], rules) });
}

export function useSweep() {
  const client = useQueryClient();
  return useMutation({ mutationFn: remindersApi.sweep, onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }) });
}
