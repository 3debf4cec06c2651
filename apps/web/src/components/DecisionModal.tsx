// One approve/reject dialog for report review (审核), extension decisions and completion (销号).
import { Form, Input, Modal, Radio } from 'antd';
import type { Decision } from '@duban/contracts';
import type { ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  approveLabel?: string;
  rejectLabel?: string;
  /** What is being decided: the report text, requested date … */
  summary?: ReactNode;
  loading?: boolean;
  onCancel: () => void;
  onSubmit: (decision: Decision) => void;
}

export function DecisionModal({
  open,
  title,
  approveLabel = '通过',
  rejectLabel = '驳回',
  summary,
  loading,
  onCancel,
  onSubmit,
}: Props) {
  const [form] = Form.useForm<Decision>();
  return (
    <Modal
      open={open}
      title={title}
      okText="提交"
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            onSubmit({ decision: values.decision, comment: values.comment?.trim() || undefined }),
          )
      }
    >
      {summary ? <div style={{ marginBottom: 16 }}>{summary}</div> : null}
      <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} preserve={false}>
        <Form.Item name="decision" label="审核结果" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="approve">{approveLabel}</Radio>
            <Radio value="reject">{rejectLabel}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="comment"
          label="意见"
          dependencies={['decision']}
          rules={[
            ({ getFieldValue }) => ({
              // A rejection must tell the unit what to fix.
              validator: (_, value?: string) =>
                getFieldValue('decision') === 'reject' && !value?.trim()
                  ? Promise.reject(new Error('驳回时请填写意见'))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
