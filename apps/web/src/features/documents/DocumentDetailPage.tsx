import {
  DeleteOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  duplicatePublishDetailsSchema,
  ErrorCode,
  measureNeedsReview,
  pastDeadlinesDetailsSchema,
  unresolvedUnitsDetailsSchema,
  type MeasureView,
  type PublishOptions,
  type PublishResult,
  type UnresolvedUnitsDetails,
} from '@duban/contracts';
import { TextPromptModal } from '../../components/TextPromptModal';
import { StatusTag } from '../../components/StatusTag';
import { formatDate } from '../../lib/dates';
import { isApiError } from '../../lib/http';
import { notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/useCan';
import { AddMeasureModal } from './AddMeasureModal';
import { DuplicateNotice } from './DuplicateNotice';
import { useDocument, useDocumentWayBack, useMeasureChanges, usePublishDocument } from './documents.queries';
import { MeasureEditor } from './MeasureEditor';
import { MeasureTable } from './MeasureTable';
import { PastDeadlinesModal } from './PastDeadlinesModal';
import { SourceText } from './SourceText';

type Filter = 'all' | 'review';
type Order = 'document' | 'confidence' | 'warnings';

/** Measures as the reviewer asked: all or only those needing a look, in document order or doubt first. */
export function reviewOrder(measures: MeasureView[], filter: Filter, order: Order): MeasureView[] {
  const shown = filter === 'review' ? measures.filter(measureNeedsReview) : [...measures];
  const doubt = (m: MeasureView) => (m.confidence ?? 1) - m.warnings.length;
  if (order === 'confidence')
    shown.sort((a, b) => (a.confidence ?? 1) - (b.confidence ?? 1) || a.seq - b.seq);
  if (order === 'warnings')
    shown.sort((a, b) => b.warnings.length - a.warnings.length || doubt(a) - doubt(b) || a.seq - b.seq);
  return shown;
}

function publishSummary(result: PublishResult): string {
  const created = result.unitsCreated.length ? `，新建单位 ${result.unitsCreated.length} 个` : '';
  const aliases = result.aliasesConfirmed.length ? `，确认简称 ${result.aliasesConfirmed.length} 个` : '';
  return `已交办：生成任务 ${result.tasksCreated} 项、承办记录 ${result.assignmentsCreated} 条${created}${aliases}`;
}

export function DocumentDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const { modal } = App.useApp();
  const { data: doc, isLoading, error } = useDocument(id);
  const publish = usePublishDocument(id);
  const changes = useMeasureChanges(id);
  const wayBack = useDocumentWayBack(id);
  const navigate = useNavigate();
  const [withdrawing, setWithdrawing] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<MeasureView | null>(null);
  const [adding, setAdding] = useState(false);
  const [checked, setChecked] = useState<string[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const [order, setOrder] = useState<Order>('document');
  const [lastOptions, setLastOptions] = useState<PublishOptions>({});

  if (isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!doc) return <Result status="404" title="文件不存在" subTitle={error?.message} />;

  const editable = can('documents.edit') && doc.status === 'draft';
  const selected = doc.measures.find((m) => m.id === selectedId) ?? doc.measures[0] ?? null;
  const needingReview = doc.measures.filter(measureNeedsReview).length;
  const shown = reviewOrder(doc.measures, filter, order);
  // The publish 409s' details, read through their contracts (a detail that does not fit is left out).
  const unresolvedDetails: UnresolvedUnitsDetails | null = isApiError(
    publish.error,
    ErrorCode.UnresolvedUnits,
  )
    ? (unresolvedUnitsDetailsSchema.safeParse(publish.error.details).data ?? { unresolved: [], items: [] })
    : null;
  const proposals = unresolvedDetails?.aliasProposals ?? [];
  const duplicateDetails = isApiError(publish.error, ErrorCode.Conflict)
    ? duplicatePublishDetailsSchema.safeParse(publish.error.details).data
    : undefined;

  const pastDeadlines = isApiError(publish.error, ErrorCode.PastDeadlines)
    ? (pastDeadlinesDetailsSchema.safeParse(publish.error.details).data ?? null)
    : null;

  // Answers to the publish's questions (create units, take aliases, publish a copy) add up until it goes
  // through; the 交办 button starts again without them.
  const runPublish = (options: PublishOptions, fresh = false) => {
    const merged = fresh ? options : { ...lastOptions, ...options };
    setLastOptions(merged);
    publish.mutate(merged, {
      onSuccess: (result) => {
        notifySuccess(publishSummary(result));
        if (result.measuresLeftUnassigned.length || result.groupPhrasesLeft.length)
          modal.info({
            title: '部分泛指单位未交办',
            content: (
              <>
                {result.groupPhrasesLeft.length ? (
                  <p>未新建为单位的泛指表述：{result.groupPhrasesLeft.join('、')}</p>
                ) : null}
                {result.measuresLeftUnassigned.length ? (
                  <p>
                    措施 {result.measuresLeftUnassigned.map((m) => m.number).join('、')}{' '}
                    只写了泛指单位，未生成任务，可另行新建任务交办。
                  </p>
                ) : null}
              </>
            ),
          });
      },
    });
  };

  const confirmPublish = () =>
    modal.confirm({
      title: '确认交办',
      content: `将 ${doc.measures.length} 条措施生成督办任务并通知承办单位，交办后措施不可再修改。`,
      okText: '交办',
      onOk: () => runPublish({}, true),
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

  const edit = (measure: MeasureView) => {
    // The source pane follows the measure being edited.
    setSelectedId(measure.id);
    setEditing(measure);
  };

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
      <DuplicateNotice duplicates={doc.duplicates} />
      {duplicateDetails?.duplicates.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={publish.error?.message}
          action={
            <Button danger loading={publish.isPending} onClick={() => runPublish({ confirmDuplicate: true })}>
              确认重复交办
            </Button>
          }
        />
      ) : null}
      {unresolvedDetails ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={proposals.length ? '部分名称疑似已有单位的简称' : '部分单位未能匹配组织机构，暂不能交办'}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}>
                {proposals.length
                  ? proposals.map((p) => `${p.name} → ${p.path}`).join('；')
                  : unresolvedDetails.unresolved.length
                    ? unresolvedDetails.unresolved.join('、')
                    : publish.error?.message}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {proposals.length
                  ? '采用后这些简称保存为对应单位的别名，不会新建重复的单位。'
                  : '可在右侧编辑措施为这些名称选择单位，或自动创建缺失的单位后交办（“各地”“有关部门”等泛指表述不会新建为单位）。'}
              </Typography.Paragraph>
              {proposals.length ? (
                <Button
                  danger
                  loading={publish.isPending}
                  onClick={() => runPublish({ createMissingUnits: true, acceptProposedAliases: true })}
                >
                  采用建议的单位并交办
                </Button>
              ) : unresolvedDetails.unresolved.length ? (
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
        <Col xs={24} lg={9}>
          <Typography.Title level={5}>原文{selected ? `（措施 ${selected.number}）` : ''}</Typography.Title>
          <SourceText text={doc.sourceText} spans={selected?.spans ?? null} />
        </Col>
        <Col xs={24} lg={15}>
          <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              措施清单（{doc.measures.length} 条）{' '}
              <Badge
                count={needingReview ? `需核对 ${needingReview}` : '无需核对'}
                color={needingReview ? 'orange' : 'green'}
                data-testid="review-count"
              />
            </Typography.Title>
            <Space wrap size="small">
              <Segmented<Filter>
                size="small"
                value={filter}
                onChange={setFilter}
                options={[
                  { label: '全部', value: 'all' },
                  { label: `需核对（${needingReview}）`, value: 'review' },
                ]}
              />
              <Select<Order>
                size="small"
                value={order}
                onChange={setOrder}
                style={{ width: 132 }}
                aria-label="排序"
                options={[
                  { label: '按原文顺序', value: 'document' },
                  { label: '置信度低的在前', value: 'confidence' },
                  { label: '提示多的在前', value: 'warnings' },
                ]}
              />
              {editable ? (
                <>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                    新增措施
                  </Button>
                  <Button
                    size="small"
                    icon={<MergeCellsOutlined />}
                    disabled={checked.length < 2}
                    loading={changes.merge.isPending}
                    onClick={() =>
                      changes.merge.mutate(
                        { measureIds: checked },
                        {
                          onSuccess: (merged) => {
                            setChecked([]);
                            setSelectedId(merged.id);
                            notifySuccess(`已合并为措施 ${merged.number}`);
                          },
                        },
                      )
                    }
                  >
                    合并所选{checked.length ? `（${checked.length}）` : ''}
                  </Button>
                </>
              ) : null}
            </Space>
          </Space>
          <MeasureTable
            measures={shown}
            selectedId={selected?.id ?? null}
            editable={editable}
            onSelect={(measure) => setSelectedId(measure.id)}
            onEdit={edit}
            onDelete={(measure) =>
              changes.remove.mutate(measure.id, {
                onSuccess: () => notifySuccess(`已删除措施 ${measure.number}`),
              })
            }
            checkedIds={checked}
            onCheck={setChecked}
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
      {adding ? (
        <AddMeasureModal documentId={doc.id} after={selected} onClose={() => setAdding(false)} />
      ) : null}
    </Card>
  );
}
