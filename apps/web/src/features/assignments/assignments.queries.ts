import { useMutation, useQueryClient } from '@tanstack/react-query';
import { assignmentsApi } from './assignments.api';

export type AssignmentCommand =
  | { kind: 'accept'; id: string }
  | { kind: 'return'; id: string; reason: string }
  | { kind: 'report'; id: string; content: string; progress: number; attachments: string[] }
  | { kind: 'extension'; id: string; requestedDeadline: string; reason: string }
  | { kind: 'completion'; id: string; summary: string };

/** A unit's actions on its own assignment; one mutation so every action refreshes the same lists. */
export function useAssignmentCommand() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: AssignmentCommand): Promise<unknown> => {
      switch (command.kind) {
        case 'accept':
          return assignmentsApi.accept(command.id);
        case 'return':
          return assignmentsApi.return(command.id, command.reason);
        case 'report':
          return assignmentsApi.report(command.id, {
            content: command.content,
            progress: command.progress,
            attachments: command.attachments,
          });
        case 'extension':
          return assignmentsApi.requestExtension(command.id, {
            requestedDeadline: command.requestedDeadline,
            reason: command.reason,
          });
        case 'completion':
          return assignmentsApi.requestCompletion(command.id, command.summary);
      }
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['assignments'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}
