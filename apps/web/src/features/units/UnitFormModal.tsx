import { Form, Input, Modal, Select } from 'antd';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind, type UnitView } from '@duban/contracts';
import { notifySuccess } from '../../lib/notify';
import { UnitSelect } from './UnitSelect';
import { useSaveUnit } from './units.queries';

interface Values {
  name: string;
  aliases: string[];
  parentId?: string | null;
  kind: UnitKind;
  region?: string | null;
}

/** Create a unit (unit undefined) or edit one; aliases are the short names documents use (市监局). */
export function UnitFormModal({
  unit,
  parentId,
  onClose,
}: {
  unit?: UnitView;
  parentId?: string | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const save = useSaveUnit();
  const submit = (values: Values) =>
    save.mutate(
      {
        id: unit?.id,
        body: {
          name: values.name.trim(),
          aliases: values.aliases.map((alias) => alias.trim()).filter(Boolean),
          parentId: values.parentId ?? null,
          kind: values.kind,
          region: values.region?.trim() || null,
          ...(unit ? { version: unit.version } : {}),
        },
      },
      {
        onSuccess: () => {
          notifySuccess(unit ? '单位已更新' : '单位已创建');
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={unit ? `编辑单位：${unit.name}` : '新建单位'}
      okText="保存"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: unit?.name,
          aliases: unit?.aliases ?? [],
          parentId: unit?.parentId ?? parentId ?? undefined,
          kind: unit?.kind ?? 'department',
          region: unit?.region,
        }}
      >
        <Form.Item
          name="name"
          label="单位名称"
          rules={[{ required: true, whitespace: true, min: 2, message: '单位名称至少 2 个字' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="aliases" label="别名 / 简称" extra="回车分隔，如：市监局">
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Form.Item name="parentId" label="上级单位">
          <UnitSelect allowClear />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select options={UNIT_KINDS.map((kind) => ({ value: kind, label: UNIT_KIND_LABELS[kind] }))} />
        </Form.Item>
        <Form.Item name="region" label="所属区域">
          <Input placeholder="如：郑州市" maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
