import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useDeferredValue, useState } from 'react';
import { documentsApi } from './documents.api';

/** Pick a source document by title (server-side search). */
export function DocumentSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch'>) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const { data, isFetching } = useQuery({
    queryKey: ['documents', 'options', q],
    queryFn: () => documentsApi.list({ q: q || undefined, page: 1, pageSize: 50 }),
  });
  return (
    <Select
      placeholder="来源文件"
      allowClear
      {...props}
      loading={isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={(data?.items ?? []).map((doc) => ({
        value: doc.id,
        label: doc.docNumber ? `${doc.title}（${doc.docNumber}）` : doc.title,
      }))}
    />
  );
}
