// Publishing an old notice late: the supervisor decides what its past deadlines become.
import { DatePicker, Form, Modal, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PastDeadlinesDetails, PublishRequest } from '@duban/contracts';
import { fromDayjs, toDayjs } from '../../lib/dates';

type Choice = Pick<PublishRequest, 'pastDeadlines' | 'newDeadline'>;

interface Props {
  details: PastDeadlinesDetails;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (choice: Choice) => void;
}

export function PastDeadlinesModal({ details, loading, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ pastDeadlines: 'reschedule' | 'keep_late'; newDeadline?: Dayjs }>();
  const mode = Form.useWatch('pastDeadlines', form);
  const today = toDayjs(details.today);
  return (
    <Modal
      open
      title="部分完成时限已过"
      okText="交办"
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            onSubmit(
              values.pastDeadlines === 'reschedule'
                ? { pastDeadlines: 'reschedule', newDeadline: fromDayjs(values.newDeadline ?? null)! }
                : { pastDeadlines: 'keep_late' },
            ),
          )
      }
    >
      <Typography.Paragraph>
        有 <b>{details.pastDeadlines}</b> 项措施的完成时限早于今天（最早为 {details.earliest}
        ）。请选择交办方式：
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ pastDeadlines: 'reschedule' }}>
        <Form.Item name="pastDeadlines">
          <Radio.Group>
            <Space orientation="vertical">
              <Radio value="reschedule">统一设定新的完成时限</Radio>
              <Radio value="keep_late">保留原时限，标记为逾期交办（承办单位仍可申请延期）</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {mode !== 'keep_late' ? (
          <Form.Item
            name="newDeadline"
            label="新的完成时限"
            rules={[{ required: true, message: '请选择新的完成时限' }]}
          >
            <DatePicker disabledDate={(date) => (today ? date.isBefore(today, 'day') : false)} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
