import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorCode, type UpdateMeasureRequest } from '@duban/contracts';
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

export function usePublishDocument(documentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (createMissingUnits: boolean) => documentsApi.publish(documentId, createMissingUnits),
    meta: { handledCodes: [ErrorCode.UnresolvedUnits] },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['documents'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}
