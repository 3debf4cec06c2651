import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { remindersApi } from './reminders.api';

export const useReminderRules = (enabled: boolean) =>
  useQuery({ queryKey: ['reminders', 'rules'], queryFn: remindersApi.rules, enabled });

export function useSaveReminderRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: remindersApi.saveRules,
    onSuccess: (rules) => client.setQueryData(['reminders', 'rules'], rules),
  });
}

export function useSweep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: remindersApi.sweep,
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export const useCalendarYear = (year: number) =>
  useQuery({ queryKey: ['calendar', year], queryFn: () => remindersApi.calendar(year) });

/** Setting or removing an override changes that year's view. */
export function useCalendarOverride() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: ['calendar'] });
  return {
    set: useMutation({ mutationFn: remindersApi.setCalendarDay, onSuccess }),
    remove: useMutation({ mutationFn: remindersApi.removeCalendarDay, onSuccess }),
  };
}
