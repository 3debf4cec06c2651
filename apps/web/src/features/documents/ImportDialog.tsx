// 文件导入: paste the text or upload a file; a large file comes back as a job to poll.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal, Progress, Tabs, Typography, Upload } from 'antd';
import type { DocumentView, ImportedDocument } from '@duban/contracts';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText, notifySuccess } from '../../lib/notify';
import { isApiError } from '../../lib/http';
import { useImportDocument, useImportJob } from './documents.queries';
import { DuplicateNotice } from './DuplicateNotice';

const ACCEPT = '.txt,.md,.docx,.pdf';

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ text: string; fileName?: string }>();
  const [tab, setTab] = useState<'paste' | 'upload'>('paste');
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  // Notices of this import that look like documents already in the system: listed here before anything else.
  const [imported, setImported] = useState<ImportedDocument[] | null>(null);
  const importDoc = useImportDocument();
  const job = useImportJob(jobId);
  const navigate = useNavigate();

  const close = () => {
    setJobId(null);
    setImported(null);
    importDoc.reset();
    onClose();
  };

  const finish = (documents: ImportedDocument[]) => {
    notifySuccess(`已导入 ${documents.length} 份文件，请核对措施后交办`);
    setJobId(null);
    if (documents.some((document) => document.duplicates.length)) {
      setImported(documents);
      return;
    }
    close();
    // A compilation yields several documents; open the single one directly, else stay on the list.
    if (documents.length === 1) void navigate(`/documents/${documents[0].id}`);
  };

  // When the background job finishes, continue exactly as for a direct import.
  const finished = job.data?.state === 'completed' ? job.data : null;
  useEffect(() => {
    if (finished) finish(finished.documents);
  }, [finished?.jobId]);

  const submit = async () => {
    if (imported) return close();
    const input = tab === 'upload' ? (file ? { file } : null) : await form.validateFields();
    if (!input) return;
    importDoc.mutate(input, {
      onSuccess: (result) =>
        'jobId' in result ? setJobId(result.jobId) : finish(result.documents.map(importedOf)),
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
      title={imported ? '导入结果' : '导入政策文件'}
      okText={imported ? '完成' : '解析导入'}
      cancelButtonProps={imported ? { style: { display: 'none' } } : undefined}
      width={720}
      confirmLoading={importDoc.isPending || polling}
      okButtonProps={{ disabled: !imported && tab === 'upload' && !file }}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
    >
      {imported ? (
        <ImportedList documents={imported} onOpen={close} />
      ) : (
        <>
          {inlineError ? (
            <Alert type="error" showIcon title={inlineError} style={{ marginBottom: 16 }} />
          ) : null}
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
        </>
      )}
    </Modal>
  );
}

function importedOf(document: DocumentView): ImportedDocument {
  const { id, title, docNumber, measureCount, duplicates } = document;
  return { id, title, docNumber, measureCount, duplicates };
}

/** Each stored notice with a link, and under the ones already in the system, the earlier copies. */
function ImportedList({ documents, onOpen }: { documents: ImportedDocument[]; onOpen: () => void }) {
  const doubtful = documents.filter((document) => document.duplicates.length).length;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`已导入 ${documents.length} 份文件，其中 ${doubtful} 份可能已在系统中`}
        description="请打开核对，不需要的草稿可删除；重复交办需在交办时再次确认。"
      />
      <ul aria-label="导入的文件" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {documents.map((document) => (
          <li key={document.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
            <div style={{ marginBottom: document.duplicates.length ? 8 : 0 }}>
              <Link to={`/documents/${document.id}`} onClick={onOpen}>
                {document.title || '（未识别标题）'}
              </Link>
              <Typography.Text type="secondary">
                {document.docNumber ? ` · ${document.docNumber}` : ''} · 措施 {document.measureCount} 条
              </Typography.Text>
            </div>
            <DuplicateNotice duplicates={document.duplicates} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </>
  );
}
