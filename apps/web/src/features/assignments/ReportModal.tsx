// 进展填报: files go up first (POST /attachments), the report then carries their ids.
import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorText } from '../../lib/notify';
import { assignmentsApi } from './assignments.api';
import type { MyAssignmentView } from '@duban/contracts';

interface Values {
  content: string;
  progress: number;
}

interface Props {
  assignment: MyAssignmentView;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (values: Values & { attachments: string[] }) => void;
}

export function ReportModal({ assignment, loading, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const uploading = files.some((file) => file.status === 'uploading');

  return (
    <Modal
      open
      title={`进展填报：${assignment.taskTitle}`}
      okText="提交"
      confirmLoading={loading}
      okButtonProps={{ disabled: uploading }}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then((values) =>
          onSubmit({
            content: values.content.trim(),
            progress: values.progress,
            attachments: files
              .filter((file) => file.status === 'done' && file.response)
              .map((file) => file.response!.id),
          }),
        )
      }
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ progress: assignment.progress }}>
        <Form.Item name="progress" label="完成进度（%）" rules={[{ required: true, message: '请填写进度' }]}>
          <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="content"
          label="进展情况"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写进展情况（至少 2 个字）' }]}
        >
          <Input.TextArea rows={5} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item label="佐证材料">
          <Upload<{ id: string }>
            fileList={files}
            onChange={({ fileList }) => setFiles(fileList)}
            customRequest={({ file, onSuccess, onError }) => {
              assignmentsApi
                .uploadAttachment(file as File)
                .then((attachment) => onSuccess?.(attachment))
                .catch((error: unknown) => onError?.(new Error(errorText(error))));
            }}
          >
            <Button icon={<UploadOutlined />}>上传附件</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
