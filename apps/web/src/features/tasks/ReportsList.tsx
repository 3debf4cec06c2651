import { Button, Progress, Space, Typography } from 'antd';
import type { ProgressReportView } from '@duban/contracts';
import { AttachmentLinks } from '../../components/AttachmentLinks';
import { EntryList } from '../../components/EntryList';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../lib/dates';
import { useCan } from '../../lib/useCan';

export function ReportsList({
  reports,
  onReview,
}: {
  reports: ProgressReportView[];
  onReview: (report: ProgressReportView) => void;
}) {
  const can = useCan();
  return (
    <EntryList
      empty="暂无进展填报"
      entries={reports.map((report) => ({
        key: report.id,
        title: (
          <Space wrap>
            <span>{report.unitName}</span>
            <StatusTag kind="review" status={report.status} />
            <Typography.Text type="secondary">
              {formatDateTime(report.createdAt)}
              {report.createdByName ? ` · ${report.createdByName}` : ''}
            </Typography.Text>
          </Space>
        ),
        content: (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Progress percent={report.progress} size="small" style={{ maxWidth: 240 }} />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {report.content}
            </Typography.Paragraph>
            <AttachmentLinks attachments={report.attachments} />
            {report.reviewComment ? (
              <Typography.Text type="secondary">审核意见：{report.reviewComment}</Typography.Text>
            ) : null}
          </Space>
        ),
        actions:
          can('reports.review') && report.status === 'submitted' ? (
            <Button size="small" type="primary" onClick={() => onReview(report)}>
              审核
            </Button>
          ) : null,
      }))}
    />
  );
}
