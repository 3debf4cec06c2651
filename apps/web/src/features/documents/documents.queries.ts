import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ErrorCode,
  type CreateMeasureInput,
  type MergeMeasuresRequest,
  type PublishOptions,
  type SplitMeasureRequest,
  type UpdateMeasureRequest,
} from '@duban/contracts';
import { documentsApi } from './documents.api';

export function useDocument(id: string) {
  return useQuery({ queryKey: ['documents', id], queryFn: () => documentsApi.get(id) });
}

export function useImportDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string; fileName?: string } | { file: File }) =>
      'file' in input
        ? documentsApi.importFile(input.file)
        : documentsApi.importText(input.text, input.fileName),
    // The dialog shows parse and size problems next to the input.
    meta: { handledCodes: [ErrorCode.TooLarge, ErrorCode.Unparseable] },
    onSuccess: () => client.invalidateQueries({ queryKey: ['documents'] }),
  });
}

/** Polls a background import until it finishes. */
export function useImportJob(jobId: string | null) {
  return useQuery({
    queryKey: ['documents', 'import-job', jobId],
    queryFn: () => documentsApi.importJob(jobId!),
    enabled: Boolean(jobId),
    refetchInterval: (query) =>
      query.state.data && ['completed', 'failed'].includes(query.state.data.state) ? false : 1000,
  });
}

export function useUpdateMeasure(documentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ measureId, body }: { measureId: string; body: UpdateMeasureRequest }) =>
      documentsApi.updateMeasure(documentId, measureId, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['documents', documentId] }),
  });
}

/** Add, split, merge and delete measures of a draft; each refreshes the document. */
export function useMeasureChanges(documentId: string) {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: ['documents', documentId] });
  return {
    create: useMutation({
      mutationFn: (body: CreateMeasureInput) => documentsApi.createMeasure(documentId, body),
      onSuccess,
    }),
    split: useMutation({
      mutationFn: ({ measureId, body }: { measureId: string; body: SplitMeasureRequest }) =>
        documentsApi.splitMeasure(documentId, measureId, body),
      onSuccess,
    }),
    merge: useMutation({
      mutationFn: (body: MergeMeasuresRequest) => documentsApi.mergeMeasures(documentId, body),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (measureId: string) => documentsApi.deleteMeasure(documentId, measureId),
      onSuccess,
    }),
  };
}

export function usePublishDocument(documentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: PublishOptions) => documentsApi.publish(documentId, options),
    // The page asks about unresolved units, alias proposals, an earlier copy and deadlines already past.
    meta: { handledCodes: [ErrorCode.UnresolvedUnits, ErrorCode.Conflict, ErrorCode.PastDeadlines] },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['documents'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

/** 删除草稿 and 撤回: the way back for a document. */
export function useDocumentWayBack(documentId: string) {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['documents'] });
    void client.invalidateQueries({ queryKey: ['tasks'] });
  };
  return {
    deleteDraft: useMutation({ mutationFn: () => documentsApi.deleteDraft(documentId), onSuccess: refresh }),
    withdraw: useMutation({
      mutationFn: (reason: string) => documentsApi.withdraw(documentId, reason),
      onSuccess: refresh,
    }),
  };
}
