import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorCode, type CreateTaskRequest, type Decision, type UpdateTaskRequest } from '@duban/contracts';

import { tasksApi } from './tasks.api';

export function useTask(id: string) {
  return useQuery({ queryKey: ['tasks', id], queryFn: () => tasksApi.get(id) });
}

/** After any action on a task: its detail, the lists and the dashboard figures may all change. */
function useRefreshTasks() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['tasks'] });
    void client.invalidateQueries({ queryKey: ['assignments'] });
    void client.invalidateQueries({ queryKey: ['stats'] });
  };
}

export function useCreateTask() {
  const refresh = useRefreshTasks();
  return useMutation({ mutationFn: (body: CreateTaskRequest) => tasksApi.create(body), onSuccess: refresh });
}

export function useUpdateTask(id: string) {
  const refresh = useRefreshTasks();
  return useMutation({
    mutationFn: (body: UpdateTaskRequest) => tasksApi.update(id, body),
    // The edit form explains a stale version itself and reloads.
    meta: { handledCodes: [ErrorCode.StaleVersion, ErrorCode.Conflict] },
    onSuccess: refresh,
    onError: refresh,
  });
}

type TaskAction =
  | { kind: 'urge'; message: string; unitIds?: string[] }
  | { kind: 'comment'; content: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'review'; reportId: string; decision: Decision }
  | { kind: 'extension'; requestId: string; decision: Decision }
  | { kind: 'completion'; assignmentId: string; decision: Decision }
  | { kind: 'reassign'; assignmentId: string; unitId: string };

/** The supervisor's and leader's actions on one task, sharing one refresh. */
export function useTaskAction(taskId: string) {
  const refresh = useRefreshTasks();
  return useMutation({
    mutationFn: (action: TaskAction): Promise<unknown> => {
      switch (action.kind) {
        case 'urge':
          return tasksApi.urge(taskId, { message: action.message, unitIds: action.unitIds });
        case 'comment':
          return tasksApi.comment(taskId, action.content);
        case 'cancel':
          return tasksApi.cancel(taskId, { reason: action.reason });
        case 'review':
          return tasksApi.reviewReport(action.reportId, action.decision);
        case 'extension':
          return tasksApi.decideExtension(action.requestId, action.decision);
        case 'completion':
          return tasksApi.decideCompletion(action.assignmentId, action.decision);
        case 'reassign':
          return tasksApi.reassign(action.assignmentId, action.unitId);
      }
    },
    onSuccess: refresh,
  });
}
