import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { ROLE_LABELS, type Role, type UserView } from '@duban/contracts';
import { usePagedTable } from '../../lib/usePagedTable';
import { useAllUnits } from '../units/units.queries';
import { UserFormModal } from './UserFormModal';
import { usersApi } from './users.api';

export function UsersPage() {
  const [q, setQ] = useState<string | undefined>();
  const { tableProps } = usePagedTable('users', { q }, usersApi.list);
  const [editing, setEditing] = useState<{ user?: UserView } | null>(null);
  const units = useAllUnits();
  const unitNames = useMemo(
    () => new Map((units.data ?? []).map((unit) => [unit.id, unit.name])),
    [units.data],
  );

  const columns: ColumnsType<UserView> = [
    { title: '用户名', dataIndex: 'username', width: 160 },
    { title: '姓名', dataIndex: 'displayName', width: 140 },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      width: 220,
      render: (unitId: string | null) => (unitId ? (unitNames.get(unitId) ?? '…') : '—'),
    },
    {
      title: '角色',
      dataIndex: 'roles',
      render: (roles: Role[]) => roles.map((role) => <Tag key={role}>{ROLE_LABELS[role]}</Tag>),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (active: boolean) => (active ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, user) => (
        <Button type="link" size="small" onClick={() => setEditing({ user })}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <Card
      title="用户管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          新建用户
        </Button>
      }
    >
      <Input.Search
        placeholder="用户名或姓名"
        allowClear
        onSearch={(value) => setQ(value.trim() || undefined)}
        style={{ width: 260, marginBottom: 16 }}
      />
      <Table<UserView> {...tableProps} columns={columns} size="middle" scroll={{ x: 820 }} />
      {editing ? <UserFormModal user={editing.user} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
