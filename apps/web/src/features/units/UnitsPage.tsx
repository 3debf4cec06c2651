import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Space, Tag, Tree, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { UNIT_KIND_LABELS, type UnitView } from '@duban/contracts';
import { notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/useCan';
import { UnitFormModal } from './UnitFormModal';
import { buildUnitTree, type UnitTreeNode } from './unit-tree';
import { useAllUnits, useImportUnits } from './units.queries';

function filterTree(nodes: UnitTreeNode[], q: string): UnitTreeNode[] {
  if (!q) return nodes;
  return nodes.flatMap((node) => {
    const children = filterTree(node.children, q);
    const hit = node.unit.name.includes(q) || node.unit.aliases.some((alias) => alias.includes(q));
    return hit || children.length ? [{ ...node, children: hit ? node.children : children }] : [];
  });
}

export function UnitsPage() {
  const can = useCan();
  const units = useAllUnits();
  const importUnits = useImportUnits();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<UnitView | null>(null);
  const [form, setForm] = useState<{ unit?: UnitView; parentId?: string | null } | null>(null);
  const tree = useMemo(() => filterTree(buildUnitTree(units.data ?? []), q.trim()), [units.data, q]);
  const current = selected ? ((units.data ?? []).find((u) => u.id === selected.id) ?? selected) : null;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card
          title={`组织机构（${units.data?.length ?? 0}）`}
          loading={units.isLoading}
          extra={
            <Space>
              {can('units.import') ? (
                <Upload
                  accept=".csv,.xlsx"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    importUnits.mutate(file, {
                      onSuccess: (r) => notifySuccess(`导入完成：新增 ${r.created} 个，更新 ${r.updated} 个`),
                    });
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={importUnits.isPending}>
                    导入
                  </Button>
                </Upload>
              ) : null}
              {can('units.write') ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setForm({ parentId: current?.id ?? null })}
                >
                  新建
                </Button>
              ) : null}
            </Space>
          }
        >
          <Input.Search
            placeholder="名称或别名"
            allowClear
            onChange={(e) => setQ(e.target.value)}
            style={{ marginBottom: 12 }}
          />
          <div style={{ maxHeight: 'calc(100vh - 300px)', overflow: 'auto' }}>
            <Tree<UnitTreeNode>
              treeData={tree}
              key={q ? `search:${q}` : 'all'}
              defaultExpandAll={Boolean(q)}
              showLine
              autoExpandParent
              selectedKeys={current ? [current.id] : []}
              onSelect={(_, info) => setSelected(info.node.unit)}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={current?.name ?? '单位信息'}
          extra={
            current && can('units.write') ? (
              <Space>
                <Button onClick={() => setForm({ parentId: current.id })}>新建下级</Button>
                <Button type="primary" onClick={() => setForm({ unit: current })}>
                  编辑
                </Button>
              </Space>
            ) : null
          }
        >
          {current ? (
            <Descriptions
              column={1}
              items={[
                { key: 'name', label: '名称', children: current.name },
                {
                  key: 'aliases',
                  label: '别名',
                  children: current.aliases.length ? current.aliases.map((a) => <Tag key={a}>{a}</Tag>) : '—',
                },
                { key: 'kind', label: '类型', children: UNIT_KIND_LABELS[current.kind] },
                { key: 'region', label: '区域', children: current.region ?? '—' },
                {
                  key: 'parent',
                  label: '上级单位',
                  children: (units.data ?? []).find((u) => u.id === current.parentId)?.name ?? '—',
                },
              ]}
            />
          ) : (
            <Empty description="在左侧选择单位" />
          )}
        </Card>
      </Col>
      {form ? (
        <UnitFormModal unit={form.unit} parentId={form.parentId} onClose={() => setForm(null)} />
      ) : null}
    </Row>
  );
}
