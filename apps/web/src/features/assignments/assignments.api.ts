import type {
  AssignmentSummary,
  AttachmentView,
  ExtensionRequestInput,
  ExtensionRequestView,
  MyAssignmentView,
  CappedPage,
  MyAssignmentsParams,
  ProgressReportView,
  SubmitReportRequest,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const assignmentsApi = {
  mine: (params: MyAssignmentsParams) =>
    api<CappedPage<MyAssignmentView>>('/assignments/mine', { params: { ...params } }),
  accept: (id: string) => api<AssignmentSummary>(`/assignments/${id}/accept`, { method: 'POST' }),
  return: (id: string, reason: string) =>
    api<AssignmentSummary>(`/assignments/${id}/return`, { method: 'POST', body: { reason } }),
  report: (id: string, body: SubmitReportRequest) =>
    api<ProgressReportView>(`/assignments/${id}/reports`, { method: 'POST', body }),
  requestExtension: (id: string, body: ExtensionRequestInput) =>
    api<ExtensionRequestView>(`/assignments/${id}/extension-requests`, { method: 'POST', body }),
  requestCompletion: (id: string, summary: string) =>
    api<AssignmentSummary>(`/assignments/${id}/completion-request`, { method: 'POST', body: { summary } }),
  uploadAttachment: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<AttachmentView>('/attachments', { method: 'POST', body: form });
  },
};
