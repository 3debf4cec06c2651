import { DeleteOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  ErrorCode,
  type MeasureView,
  type PastDeadlinesDetails,
  type PublishRequest,
} from '@duban/contracts';
import { TextPromptModal } from '../../components/TextPromptModal';
import { StatusTag } from '../../components/StatusTag';
import { formatDate } from '../../lib/dates';
import { isApiError } from '../../lib/http';
import { notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/useCan';
import type { UnresolvedUnitsDetails } from './documents.api';
import { useDocument, useDocumentWayBack, usePublishDocument } from './documents.queries';
import { MeasureEditor } from './MeasureEditor';
import { MeasureTable } from './MeasureTable';
import { PastDeadlinesModal } from './PastDeadlinesModal';
import { SourceText } from './SourceText';

export function DocumentDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const { modal } = App.useApp();
  const { data: doc, isLoading, error } = useDocument(id);
  const publish = usePublishDocument(id);
  const wayBack = useDocumentWayBack(id);
  const navigate = useNavigate();
  // The options of the last publish attempt, kept while the page asks about units or past deadlines.
  const [publishOptions, setPublishOptions] = useState<PublishRequest>({ createMissingUnits: false });
  const [withdrawing, setWithdrawing] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<MeasureView | null>(null);

  if (isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!doc) return <Result status="404" title="文件不存在" subTitle={error?.message} />;

  const selected = doc.measures.find((m) => m.id === selectedId) ?? doc.measures[0] ?? null;
  const unresolved = isApiError(publish.error, ErrorCode.UnresolvedUnits)
    ? ((publish.error.details as UnresolvedUnitsDetails | undefined)?.unresolved ?? [])
    : null;

  const pastDeadlines = isApiError(publish.error, ErrorCode.PastDeadlines)
    ? (publish.error.details as PastDeadlinesDetails)
    : null;

  const runPublish = (options: Partial<PublishRequest>) => {
    const body = { ...publishOptions, ...options };
    setPublishOptions(body);
    publish.mutate(body, {
      onSuccess: (result) => {
        const created = result.unitsCreated.length ? `，新建单位 ${result.unitsCreated.length} 个` : '';
        notifySuccess(
          `已交办：生成任务 ${result.tasksCreated} 项、承办记录 ${result.assignmentsCreated} 条${created}`,
        );
      },
    });
  };

  const confirmPublish = () =>
    modal.confirm({
      title: '确认交办',
      content: `将 ${doc.measures.length} 条措施生成督办任务并通知承办单位，交办后措施不可再修改。`,
      okText: '交办',
      onOk: () => runPublish({ createMissingUnits: false }),
    });

  const confirmDelete = () =>
    modal.confirm({
      title: '删除草稿',
      content: `将删除草稿《${doc.title}》及其 ${doc.measures.length} 条措施，删除后不可恢复。`,
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: () =>
        wayBack.deleteDraft.mutateAsync().then(() => {
          notifySuccess('草稿已删除');
          void navigate('/documents');
        }),
    });

  return (
    <Card
      title={doc.title}
      extra={
        <Space>
          {can('documents.edit') && doc.status === 'draft' ? (
            <Button danger icon={<DeleteOutlined />} onClick={confirmDelete}>
              删除草稿
            </Button>
          ) : null}
          {can('documents.publish') && doc.status === 'published' ? (
            <Button danger icon={<RollbackOutlined />} onClick={() => setWithdrawing(true)}>
              撤回
            </Button>
          ) : null}
          {can('documents.publish') && doc.status === 'draft' ? (
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={publish.isPending}
              onClick={confirmPublish}
            >
              交办
            </Button>
          ) : null}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={4}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'issuer', label: '发文机关', children: doc.issuer ?? '—' },
          { key: 'number', label: '发文字号', children: doc.docNumber ?? '—' },
          { key: 'date', label: '成文日期', children: formatDate(doc.issuedOn) },
          { key: 'status', label: '状态', children: <StatusTag kind="document" status={doc.status} /> },
        ]}
      />
      {doc.warnings.length ? (
        <Alert type="warning" showIcon title={doc.warnings.join('；')} style={{ marginBottom: 16 }} />
      ) : null}
      {unresolved ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="部分单位未能匹配组织机构，暂不能交办"
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}>
                {unresolved.length ? unresolved.join('、') : publish.error?.message}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                可在右侧编辑措施为这些名称选择单位，或自动创建缺失的单位后交办。
              </Typography.Paragraph>
              {unresolved.length ? (
                <Button
                  danger
                  loading={publish.isPending}
                  onClick={() => runPublish({ createMissingUnits: true })}
                >
                  自动创建缺失单位并交办
                </Button>
              ) : null}
            </>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>原文{selected ? `（措施 ${selected.number}）` : ''}</Typography.Title>
          <SourceText text={doc.sourceText} spans={selected?.spans ?? null} />
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>措施清单（{doc.measures.length} 条）</Typography.Title>
          <MeasureTable
            measures={doc.measures}
            selectedId={selected?.id ?? null}
            editable={can('documents.edit') && doc.status === 'draft'}
            onSelect={(measure) => setSelectedId(measure.id)}
            onEdit={setEditing}
          />
        </Col>
      </Row>
      {editing ? (
        <MeasureEditor documentId={doc.id} measure={editing} onClose={() => setEditing(null)} />
      ) : null}
      {pastDeadlines ? (
        <PastDeadlinesModal
          details={pastDeadlines}
          loading={publish.isPending}
          onCancel={() => publish.reset()}
          onSubmit={runPublish}
        />
      ) : null}
      <TextPromptModal
        open={withdrawing}
        title="撤回文件：未办结的任务将撤销，并通知承办单位"
        label="撤回理由"
        okText="撤回"
        minLength={2}
        maxLength={2000}
        loading={wayBack.withdraw.isPending}
        onCancel={() => setWithdrawing(false)}
        onSubmit={(reason) =>
          wayBack.withdraw.mutate(reason, {
            onSuccess: (result) => {
              notifySuccess(`文件已撤回，撤销任务 ${result.tasksCancelled} 项，已通知承办单位`);
              setWithdrawing(false);
            },
          })
        }
      />
    </Card>
  );
}
