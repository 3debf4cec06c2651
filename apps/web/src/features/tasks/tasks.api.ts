import type {
  AssignmentSummary,
  CancelTaskRequest,
  CreateTaskRequest,
  ExtensionRequestView,
  Light,
  ProgressReportView,
  TaskCommentView,
  TaskDetail,
  TaskPage,
  TaskStatus,
  UpdateTaskRequest,
} from '@duban/contracts';
import { api, apiUrl, type QueryParams } from '../../lib/http';
import { downloadFile } from '../../lib/download';
import type { Decision } from '../../components/DecisionModal';

/** Task list filters as they travel in the page URL and to the api (strings, like a query string). */
export interface TaskFilters {
  documentId?: string;
  unitId?: string;
  regionId?: string;
  status?: TaskStatus;
  light?: Light;
  overdue?: 'true' | 'false';
  dueSoon?: 'true' | 'false';
  q?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
}
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
] as const;

const EXPORT_PATH = '/exports/tasks.xlsx';

/** The ledger export takes the same filters as the list, without paging. */
export function exportUrl(filters: TaskFilters): string {
  return apiUrl(EXPORT_PATH, filters as QueryParams);
}

export const tasksApi = {
  list: (params: TaskFilters & { page: number; pageSize: number; cursor?: string }) =>
    api<TaskPage>('/tasks', { params: { ...params } }),
  get: (id: string) => api<TaskDetail>(`/tasks/${id}`),
  create: (body: CreateTaskRequest) => api<TaskDetail>('/tasks', { method: 'POST', body }),
  update: (id: string, body: UpdateTaskRequest) => api<TaskDetail>(`/tasks/${id}`, { method: 'PATCH', body }),
  urge: (id: string, body: { message: string; unitIds?: string[] }) =>
    api<unknown>(`/tasks/${id}/urge`, { method: 'POST', body }),
  cancel: (id: string, body: CancelTaskRequest) =>
    api<TaskDetail>(`/tasks/${id}/cancel`, { method: 'POST', body }),
  comment: (id: string, content: string) =>
    api<TaskCommentView>(`/tasks/${id}/comments`, { method: 'POST', body: { content } }),
  exportLedger: (filters: TaskFilters) => downloadFile(EXPORT_PATH, filters as QueryParams, '督办台账.xlsx'),
  reviewReport: (reportId: string, body: Decision) =>
    api<ProgressReportView>(`/reports/${reportId}/review`, { method: 'POST', body }),
  decideExtension: (requestId: string, body: Decision) =>
    api<ExtensionRequestView>(`/extension-requests/${requestId}/decide`, { method: 'POST', body }),
  decideCompletion: (assignmentId: string, body: Decision) =>
    api<AssignmentSummary>(`/assignments/${assignmentId}/complete`, { method: 'POST', body }),
  reassign: (assignmentId: string, unitId: string) =>
    api<AssignmentSummary>(`/assignments/${assignmentId}/reassign`, { method: 'POST', body: { unitId } }),
};
