// Directory search for picking units: asks the api as the user types (the directory is large) and
// remembers labels it has seen so selected units keep their names when the search changes.
import { Select, type SelectProps } from 'antd';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useUnitSearch } from './units.queries';

export interface UnitOption {
  value: string;
  label: string;
}

type Props = Omit<SelectProps<string | string[]>, 'options' | 'showSearch' | 'filterOption' | 'onSearch'> & {
  /** Options to show before any search, e.g. the resolver's candidates or current assignees. */
  extraOptions?: UnitOption[];
};

export function UnitSelect({ extraOptions = [], value, ...props }: Props) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const { data, isFetching } = useUnitSearch(q);
  const known = useRef(new Map<string, string>());

  const options = useMemo(() => {
    const found = [
      ...extraOptions,
      ...(data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
    ];
    found.forEach((option) => known.current.set(option.value, option.label));
    const selected = (Array.isArray(value) ? value : value ? [value] : []).map((id) => ({
      value: id,
      label: known.current.get(id) ?? id,
    }));
    const seen = new Set<string>();
    return [...found, ...selected].filter((option) =>
      seen.has(option.value) ? false : (seen.add(option.value), true),
    );
  }, [data, extraOptions, value]);

  return (
    <Select
      placeholder="搜索单位名称或简称"
      {...props}
      value={value}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      options={options}
      notFoundContent={isFetching ? '查询中…' : '没有匹配的单位'}
    />
  );
}
