import type {
  CreateUnitRequest,
  Page,
  UnitImportResult,
  UnitListParams,
  UnitView,
  UpdateUnitRequest,
} from '@duban/contracts';
import { api } from '../../lib/http';

export const unitsApi = {
  list: (params: UnitListParams) => api<Page<UnitView>>('/units', { params: { ...params } }),
  /** The whole directory, page by page (200 is the api's page cap). */
  async all(): Promise<UnitView[]> {
    const units: UnitView[] = [];
    for (let page = 1; ; page++) {
      const result = await unitsApi.list({ page, pageSize: 200 });
      units.push(...result.items);
      if (units.length >= result.total || result.items.length === 0) return units;
    }
  },
  create: (body: Partial<CreateUnitRequest> & { name: string }) =>
    api<UnitView>('/units', { method: 'POST', body }),
  update: (id: string, body: UpdateUnitRequest) => api<UnitView>(`/units/${id}`, { method: 'PATCH', body }),
  import: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<UnitImportResult>('/units/import', { method: 'POST', body: form });
  },
};
