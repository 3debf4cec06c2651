// A dialog asking for one piece of text: 批示, 退回理由, 办结情况.
import { Form, Input, Modal } from 'antd';

interface Props {
  open: boolean;
  title: string;
  label: string;
  okText?: string;
  minLength?: number;
  maxLength?: number;
  loading?: boolean;
  onCancel: () => void;
  onSubmit: (text: string) => void;
}

export function TextPromptModal({
  open,
  title,
  label,
  okText = '提交',
  minLength = 1,
  maxLength = 5000,
  loading,
  onCancel,
  onSubmit,
}: Props) {
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() => form.validateFields().then((values) => onSubmit(values.text.trim()))}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={label}
          rules={[
            { required: true, whitespace: true, message: `请填写${label}` },
            { min: minLength, message: `${label}至少 ${minLength} 个字` },
          ]}
        >
          <Input.TextArea rows={4} maxLength={maxLength} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
