import type {
  CreateMeasureInput,
  DocumentListParams,
  DocumentSummary,
  DocumentView,
  ImportJobView,
  ImportResult,
  MeasureList,
  MeasureView,
  MergeMeasuresRequest,
  Page,
  PublishOptions,
  PublishResult,
  SplitMeasureRequest,
  UpdateMeasureRequest,
  WithdrawResult,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const documentsApi = {
  list: (params: DocumentListParams) => api<Page<DocumentSummary>>('/documents', { params: { ...params } }),
  get: (id: string) => api<DocumentView>(`/documents/${id}`),
  /** The parsed drafts, or (a large text) a job to poll. */
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
  createMeasure: (documentId: string, body: CreateMeasureInput) =>
    api<MeasureView>(`/documents/${documentId}/measures`, { method: 'POST', body }),
  splitMeasure: (documentId: string, measureId: string, body: SplitMeasureRequest) =>
    api<MeasureList>(`/documents/${documentId}/measures/${measureId}/split`, { method: 'POST', body }),
  mergeMeasures: (documentId: string, body: MergeMeasuresRequest) =>
    api<MeasureView>(`/documents/${documentId}/measures/merge`, { method: 'POST', body }),
  deleteMeasure: (documentId: string, measureId: string) =>
    api<void>(`/documents/${documentId}/measures/${measureId}`, { method: 'DELETE' }),
  publish: (documentId: string, options: PublishOptions = {}) =>
    api<PublishResult>(`/documents/${documentId}/publish`, { method: 'POST', body: options }),
  deleteDraft: (documentId: string) => api<void>(`/documents/${documentId}`, { method: 'DELETE' }),
  withdraw: (documentId: string, reason: string) =>
    api<WithdrawResult>(`/documents/${documentId}/withdraw`, { method: 'POST', body: { reason } }),
};
