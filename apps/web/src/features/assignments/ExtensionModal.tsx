import { DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { fromDayjs, toDayjs } from '../../lib/dates';
import type { MyAssignmentView } from '@duban/contracts';

interface Props {
  assignment: MyAssignmentView;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (values: { requestedDeadline: string; reason: string }) => void;
}

export function ExtensionModal({ assignment, loading, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ requestedDeadline: Dayjs; reason: string }>();
  const current = toDayjs(assignment.deadline);
  return (
    <Modal
      open
      title={`延期申请：${assignment.taskTitle}`}
      okText="提交申请"
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form
          .validateFields()
          .then((v) =>
            onSubmit({ requestedDeadline: fromDayjs(v.requestedDeadline)!, reason: v.reason.trim() }),
          )
      }
    >
      <p>当前完成时限：{assignment.deadline ?? '—'}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="requestedDeadline"
          label="申请延至"
          rules={[{ required: true, message: '请选择新的完成时限' }]}
        >
          <DatePicker disabledDate={(date) => (current ? !date.isAfter(current, 'day') : false)} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="延期理由"
          rules={[{ required: true, whitespace: true, min: 2, message: '请说明延期理由' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
