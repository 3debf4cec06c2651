// 文件导入: paste the text or upload a file; a large file comes back as a job to poll.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal, Progress, Tabs, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText, notifySuccess } from '../../lib/notify';
import { isApiError } from '../../lib/http';
import { useImportDocument, useImportJob } from './documents.queries';

const ACCEPT = '.txt,.md,.docx,.pdf';

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ text: string; fileName?: string }>();
  const [tab, setTab] = useState<'paste' | 'upload'>('paste');
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const importDoc = useImportDocument();
  const job = useImportJob(jobId);
  const navigate = useNavigate();

  const finish = (documentIds: string[]) => {
    notifySuccess(`已导入 ${documentIds.length} 份文件，请核对措施后交办`);
    setJobId(null);
    onClose();
    // A compilation yields several documents; open the single one directly, else stay on the list.
    if (documentIds.length === 1) void navigate(`/documents/${documentIds[0]}`);
  };

  // When the background job finishes, continue exactly as for a direct import.
  const finishedIds = job.data?.state === 'completed' ? job.data.documentIds.join(',') : null;
  useEffect(() => {
    if (finishedIds !== null) finish(finishedIds ? finishedIds.split(',') : []);
  }, [finishedIds]);

  const submit = async () => {
    const input = tab === 'upload' ? (file ? { file } : null) : await form.validateFields();
    if (!input) return;
    importDoc.mutate(input, {
      onSuccess: (result) =>
        'jobId' in result ? setJobId(result.jobId) : finish(result.documents.map((d) => d.id)),
    });
  };

  // 413 and 422 are shown here, next to what caused them; other errors go to the global toast.
  const inlineError =
    isApiError(importDoc.error) && [413, 422].includes(importDoc.error.status)
      ? errorText(importDoc.error)
      : null;
  const polling = Boolean(jobId) && job.data?.state !== 'failed';

  return (
    <Modal
      open={open}
      title="导入政策文件"
      okText="解析导入"
      width={720}
      confirmLoading={importDoc.isPending || polling}
      okButtonProps={{ disabled: tab === 'upload' && !file }}
      onOk={submit}
      onCancel={() => {
        setJobId(null);
        importDoc.reset();
        onClose();
      }}
      destroyOnHidden
    >
      {inlineError ? <Alert type="error" showIcon title={inlineError} style={{ marginBottom: 16 }} /> : null}
      {job.data?.state === 'failed' ? (
        <Alert
          type="error"
          showIcon
          title={`解析失败：${job.data.error ?? '未知错误'}`}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {polling ? (
        <Progress
          percent={Math.round(job.data?.progress ?? 0)}
          status="active"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as 'paste' | 'upload')}
        items={[
          {
            key: 'paste',
            label: '粘贴正文',
            children: (
              <Form form={form} layout="vertical" preserve={false}>
                <Form.Item name="fileName" label="文件名（可选）">
                  <Input placeholder="如：关于优化营商环境的实施方案.txt" />
                </Form.Item>
                <Form.Item
                  name="text"
                  label="文件正文"
                  rules={[{ required: true, whitespace: true, message: '请粘贴文件正文' }]}
                >
                  <Input.TextArea
                    rows={14}
                    placeholder="粘贴通知、实施方案等文件全文（含发文机关、文号和措施清单）"
                  />
                </Form.Item>
              </Form>
            ),
          },
          {
            key: 'upload',
            label: '上传文件',
            children: (
              <Upload.Dragger
                accept={ACCEPT}
                maxCount={1}
                beforeUpload={(picked) => {
                  setFile(picked);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>点击或拖拽文件到此处</p>
                <p style={{ color: '#999' }}>支持 .txt、.md、.docx、.pdf；汇编文件会拆分为多份文件</p>
              </Upload.Dragger>
            ),
          },
        ]}
      />
    </Modal>
  );
}
