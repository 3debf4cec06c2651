import { Form, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import type { ReportCycle } from '@duban/contracts';
import { fromDayjs } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { TaskFormFields } from './TaskFormFields';
import { useCreateTask } from './tasks.queries';

interface Values {
  title: string;
  description?: string;
  deadline?: Dayjs;
  ongoing?: boolean;
  reportCycle?: ReportCycle;
  leadUnitIds?: string[];
  responsibleUnitIds?: string[];
}

export function CreateTaskModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const create = useCreateTask();
  const navigate = useNavigate();

  const submit = (values: Values) =>
    create.mutate(
      {
        title: values.title.trim(),
        description: values.description?.trim() || null,
        deadline: fromDayjs(values.deadline),
        ongoing: Boolean(values.ongoing),
        reportCycle: values.reportCycle ?? null,
        leadUnitIds: values.leadUnitIds ?? [],
        responsibleUnitIds: values.responsibleUnitIds ?? [],
      },
      {
        onSuccess: (task) => {
          notifySuccess('任务已创建并交办');
          onClose();
          void navigate(`/tasks/${task.id}`);
        },
      },
    );

  return (
    <Modal
      open={open}
      title="新建任务"
      okText="创建并交办"
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <TaskFormFields withUnits />
      </Form>
    </Modal>
  );
}
