import { Checkbox, Form, Input, Modal } from 'antd';
import type { AssignmentSummary } from '@duban/contracts';

interface Props {
  open: boolean;
  assignments: AssignmentSummary[];
  loading?: boolean;
  onCancel: () => void;
  onSubmit: (values: { message: string; unitIds?: string[] }) => void;
}

/** 催办: a message to some or all of the units still working on the task. */
export function UrgeModal({ open, assignments, loading, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ message: string; unitIds: string[] }>();
  const open_ = assignments.filter((a) => a.status !== 'completed' && a.status !== 'returned');
  return (
    <Modal
      open={open}
      title="催办"
      okText="发送催办"
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then((values) =>
          onSubmit({
            message: values.message.trim(),
            unitIds: values.unitIds?.length ? values.unitIds : undefined,
          }),
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ unitIds: open_.map((a) => a.unitId) }}
      >
        <Form.Item name="unitIds" label="催办单位（不选则发送给全部未办结单位）">
          <Checkbox.Group options={open_.map((a) => ({ value: a.unitId, label: a.unitName }))} />
        </Form.Item>
        <Form.Item
          name="message"
          label="催办内容"
          rules={[{ required: true, whitespace: true, message: '请输入催办内容' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
