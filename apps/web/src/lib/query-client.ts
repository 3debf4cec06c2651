import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './http';
import { notifyError } from './notify';

declare module '@tanstack/react-query' {
  interface Register {
    /** `handledCodes`: error codes the calling component shows itself (e.g. UNRESOLVED_UNITS); `silent`: all of them. */
    mutationMeta: { handledCodes?: string[]; silent?: boolean };
    queryMeta: { silent?: boolean };
  }
}

function handledLocally(error: unknown, meta?: { handledCodes?: string[]; silent?: boolean }): boolean {
  if (meta?.silent) return true;
  return error instanceof ApiError && (meta?.handledCodes ?? []).includes(error.code);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!handledLocally(error, query.meta)) notifyError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!handledLocally(error, mutation.meta)) notifyError(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors will not fix themselves; retry only network hiccups and 5xx once.
        retry: (count, error) =>
          count < 1 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      },
    },
  });
}
