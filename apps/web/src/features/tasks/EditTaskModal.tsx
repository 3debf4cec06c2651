import { App, Form, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { ErrorCode, type ReportCycle, type TaskDetail } from '@duban/contracts';
import { fromDayjs, toDayjs } from '../../lib/dates';
import { isApiError } from '../../lib/http';
import { notifySuccess } from '../../lib/notify';
import { TaskFormFields } from './TaskFormFields';
import { useUpdateTask } from './tasks.queries';

interface Values {
  title: string;
  description?: string | null;
  deadline?: Dayjs | null;
  ongoing?: boolean;
  reportCycle?: ReportCycle | null;
}

export function EditTaskModal({
  task,
  open,
  onClose,
}: {
  task: TaskDetail;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const update = useUpdateTask(task.id);
  const { modal } = App.useApp();

  const submit = (values: Values) =>
    update.mutate(
      {
        title: values.title.trim(),
        description: values.description?.trim() || null,
        deadline: fromDayjs(values.deadline),
        ongoing: Boolean(values.ongoing),
        reportCycle: values.reportCycle ?? null,
        version: task.version,
      },
      {
        onSuccess: () => {
          notifySuccess('已保存');
          onClose();
        },
        onError: (error) => {
          if (isApiError(error, ErrorCode.StaleVersion) || isApiError(error, ErrorCode.Conflict)) {
            // Optimistic locking: someone saved first; the detail query is refetched, so reopen on fresh data.
            onClose();
            modal.warning({
              title: '任务已被他人修改',
              content: '该任务在您编辑期间已被其他人修改，页面已刷新为最新内容，请核对后重新编辑。',
            });
          }
        },
      },
    );

  return (
    <Modal
      open={open}
      title="编辑任务"
      okText="保存"
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          title: task.title,
          description: task.description,
          deadline: toDayjs(task.deadline),
          ongoing: task.ongoing,
          reportCycle: task.reportCycle,
        }}
      >
        <TaskFormFields withUnits={false} />
      </Form>
    </Modal>
  );
}
