import type {
  AssignmentStatus,
  AssignmentSummary,
  AttachmentView,
  ExtensionRequestView,
  MyAssignmentView,
  CappedPage,
  ProgressReportView,
} from '@duban/contracts';
import { api } from '../../lib/http';

export type MyAssignment = MyAssignmentView;

export interface MyAssignmentFilters {
  status?: AssignmentStatus;
  overdue?: 'true' | 'false';
}

export const assignmentsApi = {
  mine: (params: MyAssignmentFilters & { page: number; pageSize: number }) =>
    api<CappedPage<MyAssignment>>('/assignments/mine', { params: { ...params } }),
  accept: (id: string) => api<AssignmentSummary>(`/assignments/${id}/accept`, { method: 'POST' }),
  return: (id: string, reason: string) =>
    api<AssignmentSummary>(`/assignments/${id}/return`, { method: 'POST', body: { reason } }),
  report: (id: string, body: { content: string; progress: number; attachments?: string[] }) =>
    api<ProgressReportView>(`/assignments/${id}/reports`, { method: 'POST', body }),
  requestExtension: (id: string, body: { requestedDeadline: string; reason: string }) =>
    api<ExtensionRequestView>(`/assignments/${id}/extension-requests`, { method: 'POST', body }),
  requestCompletion: (id: string, summary: string) =>
    api<AssignmentSummary>(`/assignments/${id}/completion-request`, { method: 'POST', body: { summary } }),
  uploadAttachment: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<AttachmentView>('/attachments', { method: 'POST', body: form });
  },
};
