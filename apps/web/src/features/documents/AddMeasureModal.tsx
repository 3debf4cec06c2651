// A measure the parser missed, typed in by the supervisor; placed after the selected measure.
import { Form, Input, Modal, Select } from 'antd';
import type { MeasureView } from '@duban/contracts';
import { notifySuccess } from '../../lib/notify';
import { useMeasureChanges } from './documents.queries';

interface Values {
  number?: string;
  title: string;
  body?: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlineText?: string;
}

export function AddMeasureModal({
  documentId,
  after,
  onClose,
}: {
  documentId: string;
  after: MeasureView | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { create } = useMeasureChanges(documentId);
  const submit = (values: Values) =>
    create.mutate(
      {
        afterMeasureId: after?.id ?? null,
        number: values.number?.trim() || undefined,
        title: values.title.trim(),
        body: values.body ?? '',
        leadUnits: values.leadUnits ?? [],
        responsibleUnits: values.responsibleUnits ?? [],
        deadlineText: values.deadlineText?.trim() || null,
      },
      {
        onSuccess: () => {
          notifySuccess('已新增措施');
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={after ? `新增措施（排在措施 ${after.number} 之后）` : '新增措施'}
      okText="新增"
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ leadUnits: [], responsibleUnits: [] }}
      >
        <Form.Item name="number" label="序号（可不填）">
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="title"
          label="措施标题"
          rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="body" label="措施内容">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="leadUnits" label="牵头单位（输入后回车，可多个）">
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        <Form.Item name="responsibleUnits" label="责任单位（输入后回车，可多个）">
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        <Form.Item name="deadlineText" label="完成时限">
          <Input placeholder="如：2024年6月底前、长期坚持" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
