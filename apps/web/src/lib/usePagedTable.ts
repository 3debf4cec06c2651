// The one hook behind every server-paginated antd table: owns page/pageSize, resets to page 1 when
// the filters change, and hands back props to spread on <Table>.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Page } from '@duban/contracts';

export interface PageParams {
  page: number;
  pageSize: number;
}

export function usePagedTable<T, F extends object>(
  key: string,
  filters: F,
  fetchPage: (params: F & PageParams) => Promise<Page<T>>,
  options: { pageSize?: number; enabled?: boolean } = {},
) {
  const [paging, setPaging] = useState<PageParams>({ page: 1, pageSize: options.pageSize ?? 20 });
  const filterKey = JSON.stringify(filters);
  useEffect(
    () => setPaging((current) => (current.page === 1 ? current : { ...current, page: 1 })),
    [filterKey],
  );

  const query = useQuery({
    queryKey: [key, 'page', filters, paging],
    queryFn: () => fetchPage({ ...filters, ...paging }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });

  const pagination: TablePaginationConfig = useMemo(
    () => ({
      current: paging.page,
      pageSize: paging.pageSize,
      total: query.data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100, 200],
      showTotal: (total) => `共 ${total} 条`,
      onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
    }),
    [paging, query.data?.total],
  );

  return {
    query,
    tableProps: {
      rowKey: 'id' as const,
      dataSource: query.data?.items ?? [],
      loading: query.isFetching,
      pagination,
    },
  };
}
