import type {
  DocumentStatus,
  DocumentSummary,
  DocumentView,
  ImportJobView,
  MeasureView,
  Page,
  PublishRequest,
  PublishResult,
  UpdateMeasureRequest,
  WithdrawResult,
} from '@duban/contracts';
import { api } from '../../lib/http';

/** Import answers with the parsed drafts, or (large files) with a job to poll. Not in contracts. */
export type ImportResult = { documents: DocumentView[] } | { jobId: string };

/** 409 UNRESOLVED_UNITS body details on publish. Not in contracts. */
export interface UnresolvedUnitsDetails {
  unresolved: string[];
}

export interface DocumentListParams {
  status?: DocumentStatus;
  q?: string;
  page: number;
  pageSize: number;
}

export const documentsApi = {
  list: (params: DocumentListParams) => api<Page<DocumentSummary>>('/documents', { params: { ...params } }),
  get: (id: string) => api<DocumentView>(`/documents/${id}`),
  importText: (text: string, fileName?: string) =>
    api<ImportResult>('/documents/import', { method: 'POST', body: { text, fileName } }),
  importFile: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<ImportResult>('/documents/import', { method: 'POST', body: form });
  },
  importJob: (jobId: string) => api<ImportJobView>(`/documents/import-jobs/${jobId}`),
  updateMeasure: (documentId: string, measureId: string, body: UpdateMeasureRequest) =>
    api<MeasureView>(`/documents/${documentId}/measures/${measureId}`, { method: 'PATCH', body }),
  publish: (documentId: string, body: PublishRequest) =>
    api<PublishResult>(`/documents/${documentId}/publish`, { method: 'POST', body }),
  deleteDraft: (documentId: string) => api<void>(`/documents/${documentId}`, { method: 'DELETE' }),
  withdraw: (documentId: string, reason: string) =>
    api<WithdrawResult>(`/documents/${documentId}/withdraw`, { method: 'POST', body: { reason } }),
};
