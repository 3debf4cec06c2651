import type {
  CancelTaskRequest,
  CreateTaskRequest,
  Decision,
  ExtensionRequestView,
  ProgressReportView,
  TaskDetail,
  TaskFilters,
  TaskListParams,
  TaskPage,
  UpdateTaskRequest,
  UrgeRequest,
  UrgeResult,
} from '@duban/contracts';
import { api, apiUrl, type QueryParams } from '../../lib/http';
import { downloadFile } from '../../lib/download';

/** The task list's filters as they travel in the page URL (strings, like a query string). */
export const TASK_FILTER_KEYS = [
  'documentId',
  'unitId',
  'regionId',
  'status',
  'light',
  'overdue',
  'dueSoon',
  'q',
  'deadlineFrom',
  'deadlineTo',
] as const satisfies readonly (keyof TaskFilters)[];

const EXPORT_PATH = '/exports/tasks.xlsx';

/** The ledger export takes the same filters as the list, without paging. */
export function exportUrl(filters: TaskFilters): string {
  return apiUrl(EXPORT_PATH, filters as QueryParams);
}

export const tasksApi = {
  list: (params: TaskListParams) => api<TaskPage>('/tasks', { params: { ...params } }),
  get: (id: string) => api<TaskDetail>(`/tasks/${id}`),
  create: (body: CreateTaskRequest) => api<TaskDetail>('/tasks', { method: 'POST', body }),
  update: (id: string, body: UpdateTaskRequest) => api<TaskDetail>(`/tasks/${id}`, { method: 'PATCH', body }),
  urge: (id: string, body: UrgeRequest) => api<UrgeResult>(`/tasks/${id}/urge`, { method: 'POST', body }),
  cancel: (id: string, body: CancelTaskRequest) =>
    api<TaskDetail>(`/tasks/${id}/cancel`, { method: 'POST', body }),
  comment: (id: string, content: string) =>
    api<TaskDetail>(`/tasks/${id}/comments`, { method: 'POST', body: { content } }),
  exportLedger: (filters: TaskFilters) => downloadFile(EXPORT_PATH, filters as QueryParams, '督办台账.xlsx'),
  reviewReport: (reportId: string, body: Decision) =>
    api<ProgressReportView>(`/reports/${reportId}/review`, { method: 'POST', body }),
  decideExtension: (requestId: string, body: Decision) =>
    api<ExtensionRequestView>(`/extension-requests/${requestId}/decide`, { method: 'POST', body }),
  decideCompletion: (assignmentId: string, body: Decision) =>
    api<TaskDetail>(`/assignments/${assignmentId}/complete`, { method: 'POST', body }),
  reassign: (assignmentId: string, unitId: string) =>
    api<TaskDetail>(`/assignments/${assignmentId}/reassign`, { method: 'POST', body: { unitId } }),
};
