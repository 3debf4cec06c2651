import {
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Progress,
  Result,
  Space,
  Spin,
  Tabs,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  REPORT_CYCLE_LABELS,
  type AssignmentSummary,
  type Decision,
  type ExtensionRequestView,
  type ProgressReportView,
  type TaskDetail,
} from '@duban/contracts';
import { DecisionModal } from '../../components/DecisionModal';
import { EntryList } from '../../components/EntryList';
import { DeadlineCell } from '../../components/DeadlineCell';
import { StatusTag } from '../../components/StatusTag';
import { TextPromptModal } from '../../components/TextPromptModal';
import { TrafficLight } from '../../components/TrafficLight';
import { formatDateTime } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { useSession } from '../../lib/session';
import { useCan } from '../../lib/useCan';
import { useIsPhone } from '../../lib/useIsPhone';
import { useAssignmentActions } from '../assignments/AssignmentActions';
import { UnitSelect } from '../units/UnitSelect';
import { AssignmentsTable } from './AssignmentsTable';
import { EditTaskModal } from './EditTaskModal';
import { ExtensionsTable } from './ExtensionsTable';
import { ReportsList } from './ReportsList';
import { TaskHistory } from './TaskHistory';
import { UrgeModal } from './UrgeModal';
import { useTask, useTaskAction } from './tasks.queries';

type Dialog =
  | { kind: 'review'; report: ProgressReportView }
  | { kind: 'extension'; request: ExtensionRequestView }
  | { kind: 'completion'; assignment: AssignmentSummary }
  | { kind: 'reassign'; assignment: AssignmentSummary }
  | { kind: 'urge' }
  | { kind: 'comment' }
  | { kind: 'edit' }
  | { kind: 'cancel' }
  | null;

function TaskSummaryCard({ task, actions }: { task: TaskDetail; actions: ReactNode }) {
  const can = useCan();
  return (
    <Card title={`${task.code} ${task.title}`} extra={actions}>
      <Descriptions
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'doc',
            label: '来源文件',
            children: task.documentId ? (
              can('documents.read') ? (
                <Link to={`/documents/${task.documentId}`}>{task.documentTitle}</Link>
              ) : (
                task.documentTitle
              )
            ) : (
              '手工创建'
            ),
          },
          {
            key: 'measure',
            label: '措施',
            children: [...task.measurePath, task.measureNumber].filter(Boolean).join(' / ') || '—',
          },
          {
            key: 'deadline',
            label: '完成时限',
            children: <DeadlineCell {...task} closed={task.status !== 'in_progress'} />,
          },
          {
            key: 'cycle',
            label: '报送周期',
            children: task.reportCycle ? REPORT_CYCLE_LABELS[task.reportCycle] : '—',
          },
          { key: 'status', label: '状态', children: <StatusTag kind="task" status={task.status} /> },
          { key: 'light', label: '红黄绿灯', children: <TrafficLight light={task.light} /> },
          {
            key: 'progress',
            label: '进度',
            children: <Progress percent={task.progress} size="small" style={{ maxWidth: 200 }} />,
          },
          { key: 'created', label: '创建时间', children: formatDateTime(task.createdAt) },
          {
            key: 'desc',
            label: '任务描述',
            span: 'filled',
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {task.description || '—'}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ReassignModal({
  assignment,
  loading,
  onCancel,
  onSubmit,
}: {
  assignment: AssignmentSummary;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (unitId: string) => void;
}) {
  const [form] = Form.useForm<{ unitId: string }>();
  return (
    <Modal
      open
      title={`重新交办：${assignment.unitName} 已退回`}
      okText="交办"
      confirmLoading={loading}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() => form.validateFields().then((v) => onSubmit(v.unitId))}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="unitId" label="改交单位" rules={[{ required: true, message: '请选择单位' }]}>
          <UnitSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TaskDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const session = useSession();
  const phone = useIsPhone();
  const unitActions = useAssignmentActions();
  const { data: task, isLoading, error } = useTask(id);
  const action = useTaskAction(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = (text: string) => ({
    onSuccess: () => {
      notifySuccess(text);
      close();
    },
  });

  if (isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!task) return <Result status="404" title="任务不存在或无权查看" subTitle={error?.message} />;

  const decide = (decision: Decision) => {
    if (dialog?.kind === 'review')
      action.mutate({ kind: 'review', reportId: dialog.report.id, decision }, done('审核完成'));
    if (dialog?.kind === 'extension')
      action.mutate({ kind: 'extension', requestId: dialog.request.id, decision }, done('已审批延期申请'));
    if (dialog?.kind === 'completion')
      action.mutate(
        { kind: 'completion', assignmentId: dialog.assignment.id, decision },
        done(decision.decision === 'approve' ? '已办结销号' : '已退回继续办理'),
      );
  };

  const isLeader = session?.user.roles.includes('leader') ?? false;
  // The signed-in clerk's own assignment on this task, with the buttons 我的任务 offers.
  const mine = can('assignments.act')
    ? task.assignments.find((a) => a.unitId === session?.user.unitId)
    : undefined;
  const actions = (
    <Space wrap>
      {can('tasks.write') && task.status === 'in_progress' ? (
        <Button onClick={() => setDialog({ kind: 'edit' })}>编辑</Button>
      ) : null}
      {can('tasks.urge') && task.status === 'in_progress' ? (
        <Button onClick={() => setDialog({ kind: 'urge' })}>催办</Button>
      ) : null}
      {can('tasks.write') && task.status === 'in_progress' ? (
        <Button danger onClick={() => setDialog({ kind: 'cancel' })}>
          撤销任务
        </Button>
      ) : null}
      {can('tasks.comment') ? (
        // The api files a leader's words as 批示 and anyone else's as 意见, so the button says which.
        <Button type={isLeader ? 'primary' : 'default'} onClick={() => setDialog({ kind: 'comment' })}>
          {isLeader ? '领导批示' : '添加意见'}
        </Button>
      ) : null}
    </Space>
  );

  const decisionDialog =
    dialog?.kind === 'review'
      ? {
          title: `审核进展：${dialog.report.unitName}`,
          summary: (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
              {dialog.report.content}
            </Typography.Paragraph>
          ),
        }
      : dialog?.kind === 'extension'
        ? {
            title: `延期审批：${dialog.request.unitName}`,
            summary: `申请将时限由 ${dialog.request.currentDeadline ?? '—'} 延至 ${dialog.request.requestedDeadline}。理由：${dialog.request.reason}`,
          }
        : dialog?.kind === 'completion'
          ? {
              title: `销号审核：${dialog.assignment.unitName}`,
              summary: '通过后该单位的任务办结销号；驳回则退回继续办理。',
              approveLabel: '同意办结',
              rejectLabel: '退回继续办理',
            }
          : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <TaskSummaryCard task={task} actions={phone ? null : actions} />
      {phone ? actions : null}
      {mine ? (
        <Card title="本单位办理" size={phone ? 'small' : undefined}>
          {unitActions.buttons(
            {
              ...mine,
              taskCode: task.code,
              taskTitle: task.title,
              taskStatus: task.status,
              documentTitle: task.documentTitle,
            },
            { block: phone },
          )}
          {unitActions.dialogs}
        </Card>
      ) : null}
      <Card title="承办单位">
        <AssignmentsTable
          assignments={task.assignments}
          onDecideCompletion={(assignment) => setDialog({ kind: 'completion', assignment })}
          onReassign={(assignment) => setDialog({ kind: 'reassign', assignment })}
        />
      </Card>
      <Card>
        {/* Reports, requests, instructions and history share one card: a long-running task has hundreds of entries. */}
        <Tabs
          items={[
            {
              key: 'reports',
              label: `进展填报（${task.reports.length}）`,
              children: (
                <ReportsList
                  reports={task.reports}
                  onReview={(report) => setDialog({ kind: 'review', report })}
                />
              ),
            },
            {
              key: 'extensions',
              label: `延期申请（${task.extensionRequests.length}）`,
              children: (
                <ExtensionsTable
                  requests={task.extensionRequests}
                  onDecide={(request) => setDialog({ kind: 'extension', request })}
                />
              ),
            },
            {
              key: 'comments',
              label: `领导批示（${task.comments.length}）`,
              children: (
                <EntryList
                  empty="暂无批示"
                  entries={task.comments.map((comment) => ({
                    key: comment.id,
                    title: `${comment.kind === 'instruction' ? '批示' : '意见'} · ${comment.authorName ?? ''} · ${formatDateTime(comment.createdAt)}`,
                    content: <span style={{ whiteSpace: 'pre-wrap' }}>{comment.content}</span>,
                  }))}
                />
              ),
            },
            {
              key: 'history',
              label: '办理记录',
              children: <TaskHistory entries={task.history} />,
            },
          ]}
        />
      </Card>

      {decisionDialog ? (
        <DecisionModal
          open
          {...decisionDialog}
          loading={action.isPending}
          onCancel={close}
          onSubmit={decide}
        />
      ) : null}
      {dialog?.kind === 'reassign' ? (
        <ReassignModal
          assignment={dialog.assignment}
          loading={action.isPending}
          onCancel={close}
          onSubmit={(unitId) =>
            action.mutate(
              { kind: 'reassign', assignmentId: dialog.assignment.id, unitId },
              done('已重新交办'),
            )
          }
        />
      ) : null}
      <UrgeModal
        open={dialog?.kind === 'urge'}
        assignments={task.assignments}
        loading={action.isPending}
        onCancel={close}
        onSubmit={(values) => action.mutate({ kind: 'urge', ...values }, done('催办已发送'))}
      />
      <TextPromptModal
        open={dialog?.kind === 'comment'}
        title={isLeader ? '领导批示' : '添加意见'}
        label={isLeader ? '批示内容' : '意见内容'}
        loading={action.isPending}
        onCancel={close}
        onSubmit={(content) =>
          action.mutate({ kind: 'comment', content }, done(isLeader ? '批示已发送' : '意见已添加'))
        }
      />
      <TextPromptModal
        open={dialog?.kind === 'cancel'}
        title="撤销任务：承办单位将收到通知，不再办理"
        label="撤销理由"
        okText="撤销任务"
        minLength={2}
        maxLength={2000}
        loading={action.isPending}
        onCancel={close}
        onSubmit={(reason) => action.mutate({ kind: 'cancel', reason }, done('任务已撤销，已通知承办单位'))}
      />
      <EditTaskModal task={task} open={dialog?.kind === 'edit'} onClose={close} />
    </Space>
  );
}
