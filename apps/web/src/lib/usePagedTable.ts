// The one hook behind every server-paginated antd table: owns page/pageSize, resets to page 1 when
// the filters change, and hands back props to spread on <Table>. A list that answers with keyset
// cursors (nextCursor / prevCursor) is walked by them for 下一页 / 上一页, so a deep page costs what
// the first costs; a jump to a page number uses the number. A capped total reads "10,000+".
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Page } from '@duban/contracts';

export interface PageParams {
  page: number;
  pageSize: number;
  /** A cursor from the previous answer (lists that offer them). */
  cursor?: string;
}

/** What a list may add to a page: a capped total and cursors to the pages beside it. */
export interface PageExtras {
  totalCapped?: boolean;
  nextCursor?: string | null;
  prevCursor?: string | null;
}

/** "共 1,234 条", or "共 10,000+ 条" when the api stopped counting. */
export function totalText(total: number, capped?: boolean): string {
  return `共 ${capped ? `${total.toLocaleString('en-US')}+` : total} 条`;
}

export function usePagedTable<T, F extends object>(
  key: string,
  filters: F,
  fetchPage: (params: F & PageParams) => Promise<Page<T> & PageExtras>,
  options: { pageSize?: number; enabled?: boolean } = {},
) {
  const [paging, setPaging] = useState<PageParams>({ page: 1, pageSize: options.pageSize ?? 20 });
  const filterKey = JSON.stringify(filters);
  useEffect(
    () => setPaging((current) => (current.page === 1 ? current : { pageSize: current.pageSize, page: 1 })),
    [filterKey],
  );

  const query = useQuery({
    queryKey: [key, 'page', filters, paging],
    queryFn: () => fetchPage({ ...filters, ...paging }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });

  const data = query.data;
  const pagination: TablePaginationConfig = useMemo(() => {
    const total = data?.total ?? 0;
    const capped = Boolean(data?.totalCapped);
    return {
      current: paging.page,
      pageSize: paging.pageSize,
      // Past a capped total, keep one more page reachable while a next cursor exists.
      total: capped ? Math.max(total, paging.page * paging.pageSize) + (data?.nextCursor ? 1 : 0) : total,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100, 200],
      showTotal: () => totalText(total, capped),
      onChange: (page, pageSize) => {
        if (pageSize !== paging.pageSize) return setPaging({ page: 1, pageSize });
        if (page === 1) return setPaging({ page, pageSize });
        if (page === paging.page + 1 && data?.nextCursor)
          return setPaging({ page, pageSize, cursor: data.nextCursor });
        if (page === paging.page - 1 && data?.prevCursor)
          return setPaging({ page, pageSize, cursor: data.prevCursor });
        setPaging({ page, pageSize });
      },
    };
  }, [paging, data]);

  return {
    query,
    tableProps: {
      rowKey: 'id' as const,
      dataSource: data?.items ?? [],
      loading: query.isFetching,
      pagination,
    },
  };
}
