import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateUnitRequest } from '@duban/contracts';
import { unitsApi } from './units.api';

export function useAllUnits() {
  return useQuery({ queryKey: ['units', 'all'], queryFn: unitsApi.all, staleTime: 5 * 60_000 });
}

export function useUnitSearch(q: string) {
  return useQuery({
    queryKey: ['units', 'search', q],
    queryFn: () => unitsApi.list({ q: q || undefined, pageSize: 50 }),
  });
}

function useInvalidateUnits() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['units'] });
}

export function useSaveUnit() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: UpdateUnitRequest & { name?: string } }) =>
      id ? unitsApi.update(id, body) : unitsApi.create({ ...body, name: body.name ?? '' }),
    onSuccess: invalidate,
  });
}

export function useImportUnits() {
  const invalidate = useInvalidateUnits();
  return useMutation({ mutationFn: unitsApi.import, onSuccess: invalidate });
}
